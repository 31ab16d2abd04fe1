local t = {10, 20, 30}
local k, v = next(t)
local sum = 0
while k do sum = sum + v; k, v = next(t, k) end
print(sum)
print(next({}, nil))
print(type(next), rawequal(next, next))
