local t = {}
t[1] = 1; t[1000000] = 2; t[-5] = 3; t[0] = 4
print(t[1], t[1000000], t[-5], t[0], #t)
local n = 0
for k in pairs(t) do n = n + 1 end
print(n)
