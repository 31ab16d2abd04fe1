local t = {}
for i = 1, 1000 do t[i] = i * 2 end
print(#t, t[1], t[500], t[1000])
local s = 0
for i = 1, #t do s = s + t[i] end
print(s)
for i = 1000, 501, -1 do t[i] = nil end
print(#t)
