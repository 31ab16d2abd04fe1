local t = {print, type, tostring}
print(type(t[1]), t[2](1), t[3](2))
local function apply(f, ...) return f(...) end
print(apply(math.max, 3, 9, 2), apply(string.upper, "abc"))
local ops = {add = function(a, b) return a + b end, sub = function(a, b) return a - b end}
print(ops.add(1, 2), ops["sub"](5, 3))
