local count = 0
local t = setmetatable({a = 1}, {__newindex = function(tbl, k, v) count = count + 1; rawset(tbl, k, v) end})
t.a = 2
t.b = 3
t.b = 4
print(count, t.a, t.b)
