local mt = {__index = function(t, k) return type(k) end}
local t = setmetatable({}, mt)
print(t[1], t[1.5], t.s, t[true], t[t])
