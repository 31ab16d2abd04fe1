local mt = {__eq = function() return true end}
local t = setmetatable({}, mt)
print(t == 1, t == "s", 1 == t, t == t, t == {})
local ud = setmetatable({}, mt)
print(t == ud)
