print(3 + 4, 3 - 4, 3 * 4, 3.5 + 0.5, 3 - 4.0, 2 * 0.5)
print(1e308 + 1e308, -1 * 0.0, 0 * -1.0, 5 - 5.0)
print(math.maxinteger + 1, math.mininteger - 1, math.maxinteger * 3)
print(0x7fffffffffffffff + 0x7fffffffffffffff, -0x8000000000000000 * 2)
local a, b = 123456789, 987654321
print(a * b, a * b * a, a + b - a * b)
