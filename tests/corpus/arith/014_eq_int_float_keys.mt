local t = {[1] = "int", [2.5] = "float"}
print(t[1.0], t[2.5], t["1"], t[5 // 5], t[2 / 2], t[10 / 4])
t[3.0] = "three"
print(t[3], rawget(t, 3.0), rawlen(t))
