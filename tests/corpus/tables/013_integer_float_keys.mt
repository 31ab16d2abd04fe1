local t = {}
t[1] = "a"; t[1.0] = "b"; t[2^53] = "c"
print(t[1], #t, t[2^53 | 0])
t[1.5] = "x"
print(t[1.5], t[3 / 2])
local cnt = 0
for k in pairs(t) do cnt = cnt + 1 end
print(cnt)
