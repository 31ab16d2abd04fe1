local fs = {}
for i = 1, 200 do
  local cell = {i}
  fs[i] = function() return cell[1] end
end
for i = 1, 20000 do local g = {} end
local s = 0
for i = 1, 200 do s = s + fs[i]() end
print(s)
