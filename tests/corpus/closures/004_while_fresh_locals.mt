local fs = {}
local i = 1
while i <= 3 do
  local j = i
  fs[i] = function() j = j + 10; return j end
  i = i + 1
end
print(fs[1](), fs[1](), fs[2](), fs[3]())
local rs = {}
local k = 0
repeat
  local m = k * 2
  rs[#rs + 1] = function() return m end
  k = k + 1
until m >= 4
print(#rs, rs[1](), rs[2](), rs[3]())
