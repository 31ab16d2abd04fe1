local t = {a = 1, b = 2, c = 3, d = 4}
local n = 0
for k, v in pairs(t) do
  t[k] = nil
  n = n + 1
end
print(n, next(t))
