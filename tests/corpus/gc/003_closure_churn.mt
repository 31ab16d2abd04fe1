local total = 0
for i = 1, 20000 do
  local f = function(x) return x + i end
  total = total + f(1)
end
print(total)
