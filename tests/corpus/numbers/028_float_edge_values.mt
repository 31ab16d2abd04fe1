print(2^-1074, 2^-1075, 2^1023 * 2, -(2^1023 * 2))
print(1e308 + 1e308, -1e308 - 1e308, 1e-308 / 1e10)
print(math.huge // 1, -math.huge // 1, math.huge % 2 ~= math.huge % 2)
print(math.floor(-0.0), math.ceil(-0.5), math.floor(0.5))
