local t = {[1] = "a", [2.0] = "b", [3.5] = "c"}
local keys = {}
for k in pairs(t) do keys[#keys + 1] = tostring(k) end
table.sort(keys)
print(table.concat(keys, " "))
