local a, b = {}, {}
print(rawequal(a, a), rawequal(a, b), rawequal(1, 1.0), rawequal("x", "x"), rawequal(nil, nil))
print(rawequal(1, "1"), rawequal(0/0, 0/0))
print(pcall(rawequal, 1))
