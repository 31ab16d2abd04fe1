local M = {}
M.__add = function(a, b)
  local x = type(a) == "table" and a.v or a
  local y = type(b) == "table" and b.v or b
  return x + y
end
local m = setmetatable({v = 10}, M)
print(m + 1, 1 + m, m + m, m + 0.5, "2" + m)
print(pcall(function() return m - 1 end))
