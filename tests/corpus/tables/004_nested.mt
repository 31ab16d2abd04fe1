local t = {a = {b = {c = {d = "deep"}}}}
print(t.a.b.c.d, t["a"]["b"].c["d"])
t.a.b.c.e = 5
print(t.a.b.c.e)
local m = {}
for i = 1, 3 do m[i] = {} for j = 1, 3 do m[i][j] = i * j end end
print(m[2][3], m[3][3], #m, #m[1])
