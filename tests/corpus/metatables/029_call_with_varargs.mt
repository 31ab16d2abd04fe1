local f = setmetatable({}, {__call = function(self, ...) return select("#", ...), ... end})
print(f())
print(f(nil, nil))
print(f(1, 2, 3))
local t = {f(1), f(1, 2)}
print(#t)
