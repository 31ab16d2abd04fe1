local z = -0.0
print(z, 0.0, -z, 0.0 * -1, -0.0 == 0.0)
print(1/z, 1/0.0, math.type(z))
print(tostring(-0.0), string.format("%g", -0.0))
print(0 * -1, -0, math.type(-0))
local t = {}
t[-0.0] = "negzero"
print(t[0], t[0.0])
