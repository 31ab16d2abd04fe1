local t = {f = function(...) return select('#', ...) end}
print(t.f(), t.f(nil), t.f(1, nil, nil))
print((function() return 1, 2 end)())
print(((function() return 1, 2 end)()))
local g = function(x) return function(y) return x .. y end end
print(g"a""b", g[[c]]'d')
