local set = {}
for _, w in ipairs({"a", "b", "a", "c", "b", "a"}) do set[w] = (set[w] or 0) + 1 end
print(set.a, set.b, set.c, set.d)
local keys = {}
for k in pairs(set) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, ","))
