local base = {greet = "hello", n = 1}
local t = setmetatable({}, {__index = base})
print(t.greet, t.n, t.missing, rawget(t, "greet"))
t.n = 2
print(t.n, base.n)
