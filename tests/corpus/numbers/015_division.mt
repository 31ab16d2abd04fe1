print(1 / 2, 4 / 2, -4 / 2, 1 / 0, -1 / 0, 0 / 1, 0 / -1)
print(math.type(4 / 2), 7 / 3, math.maxinteger / 1, math.mininteger / -1)
print(3 / "2", "3" / 2)
