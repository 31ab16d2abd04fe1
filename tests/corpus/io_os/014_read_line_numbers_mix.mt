local n = io.read("n")
local line = io.read("l")
print(n, "[" .. line .. "]")
local total = 0
while true do
  local v = io.read("n")
  if not v then break end
  total = total + v
end
print(total)
