local t = {}
print(rawset(t, "a", 1) == t, rawget(t, "a"), rawget(t, "b"))
rawset(t, 1.0, "one")
print(t[1], math.type(next(t, "a") or 1))
print(pcall(rawget, "str", 1))
print(pcall(rawset, {}, 0/0, 1))
