local function f(x) return type(x), x end
print(f"str")
print(f[[long]])
print((f{1, 2}))
local function g(t) return #t end
print(g{1, 2, 3}, g{})
print(type{}, tostring"x", #"abc")
local obj = {m = function(self, s) return s .. "!" end}
print(obj:m"hi", obj:m[[yo]])
local function curry(a) return function(b) return function(c) return a .. b .. c end end end
print(curry"a""b""c", curry{1}and 1)
