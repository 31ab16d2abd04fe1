local fs = {}
local i = 0
repeat
  i = i + 1
  local j = i
  fs[i] = function() return j end
until j >= 3
print(fs[1](), fs[2](), fs[3]())
