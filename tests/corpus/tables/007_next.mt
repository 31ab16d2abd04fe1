local t = {}
print(next(t))
t.x = 1
print(next(t))
print(next(t, "x"))
print(next({5}))
print(pcall(next, {}, "nokey"))
print(pcall(next))
