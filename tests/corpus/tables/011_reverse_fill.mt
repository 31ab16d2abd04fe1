local t = {}
for i = 10, 1, -1 do t[i] = i end
print(#t, t[1], t[10])
local u = {}
u[3] = 3; u[2] = 2; u[1] = 1
print(#u)
