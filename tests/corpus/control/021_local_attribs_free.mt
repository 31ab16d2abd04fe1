local a, b, c = 1
print(a, b, c)
local d, e = 1, 2, 3
print(d, e)
local f
print(f)
