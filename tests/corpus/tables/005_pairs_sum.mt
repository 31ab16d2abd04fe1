local t = {10, 20, 30, x = 1, y = 2, [100] = 3}
local ks, vs = 0, 0
for k, v in pairs(t) do
  if type(k) == "number" then ks = ks + k end
  vs = vs + v
end
print(ks, vs)
