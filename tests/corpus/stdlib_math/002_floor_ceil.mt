print(math.floor(3.7), math.floor(-3.7), math.floor(3), math.floor(-0.0), math.floor(2^62 + 0.0))
print(math.ceil(3.2), math.ceil(-3.2), math.ceil(3), math.ceil(1e100), math.floor(-1e100))
print(math.type(math.floor(3.7)), math.type(math.floor(1e100)), math.floor(1/0), math.ceil(-1/0))
print(math.floor(0/0) ~= math.floor(0/0), math.floor("3.5"), pcall(math.floor, {}))
