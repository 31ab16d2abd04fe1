local function make(x, y)
  return function() x = x * 2; return x + y end
end
local f = make(1, 100)
print(f(), f(), f())
