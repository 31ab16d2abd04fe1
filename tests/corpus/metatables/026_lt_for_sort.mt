local mt = {__lt = function(a, b) return a.k < b.k end}
local t = {}
for i, k in ipairs({5, 3, 9, 1, 7}) do t[i] = setmetatable({k = k}, mt) end
table.sort(t)
for _, o in ipairs(t) do io.write(o.k, " ") end
print()
