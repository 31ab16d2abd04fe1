local obj = {name = "o"}
function obj:show(...)
  return self.name, select("#", ...), ...
end
print(obj:show())
print(obj:show(1, 2))
print(obj.show(obj, "x"))
