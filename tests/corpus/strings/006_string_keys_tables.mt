local t = {}
t["a"] = 1; t["a" .. ""] = 2; t[string.char(97)] = 3
print(t.a)
t["1"] = "string one"; t[1] = "int one"
print(t["1"], t[1])
