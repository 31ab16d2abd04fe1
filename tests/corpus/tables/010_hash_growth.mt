local t = {}
for i = 1, 500 do t["k" .. i] = i end
local n, s = 0, 0
for k, v in pairs(t) do n = n + 1; s = s + v end
print(n, s, t.k1, t.k500, t.k501)
for i = 1, 500, 2 do t["k" .. i] = nil end
n = 0
for k in pairs(t) do n = n + 1 end
print(n)
