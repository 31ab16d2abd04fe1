local t = setmetatable({a = 1}, {__index = function(tbl, k) return tostring(k) .. "!" end})
print(t.a, t.b, t[1], t[true])
local calls = 0
local u = setmetatable({}, {__index = function(_, k) calls = calls + 1; return nil end})
print(u.x, u.y, calls)
