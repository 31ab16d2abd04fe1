local function f(a, b, c) return a, b, c end
print(f(1))
print(f(1, 2, 3, 4))
print(f())
local function g(...) local a, b = ...; return a, b end
print(g(1, 2, 3))
