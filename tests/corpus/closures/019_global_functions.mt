function globalf(x) return x + 1 end
print(globalf(1), type(globalf))
globalf = nil
print(type(globalf))
local t = {}
function t.m(x) return x end
print(t.m(5))
