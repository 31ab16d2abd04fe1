print(string.format("%.20f", math.pi), string.format("%.3f", math.huge), math.pi * 2)
print(math.huge == 1/0, -math.huge == -1/0, math.huge > math.maxinteger)
