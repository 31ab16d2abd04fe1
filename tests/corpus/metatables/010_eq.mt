local mt = {__eq = function(a, b) return a.id == b.id end}
local a = setmetatable({id = 1}, mt)
local b = setmetatable({id = 1}, mt)
local c = setmetatable({id = 2}, mt)
print(a == b, a ~= b, a == c, rawequal(a, b))
local d = setmetatable({id = 1}, {__eq = function() return true end})
print(a == d, d == a)
print(a == 1, a == "x", a == nil)
local calls = 0
local e = setmetatable({}, {__eq = function() calls = calls + 1; return 1 end})
print(e == e, calls, e == setmetatable({}, getmetatable(e)), calls)
