local seen = {}
local n = 0
for i = 1, 200 do
  local k = "key" .. (i % 50)
  if not seen[k] then seen[k] = true; n = n + 1 end
end
print(n)
