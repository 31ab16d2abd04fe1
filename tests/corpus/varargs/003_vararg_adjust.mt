local function f(...) return ... end
print(f(1, 2, 3))
print((f(1, 2, 3)))
print(f(1, 2, 3), "end")
print("start", f(1, 2, 3))
local a, b, c, d = f(1, 2)
print(a, b, c, d)
local t = {f(1, 2), f(3, 4)}
print(#t, t[1], t[2], t[3])
