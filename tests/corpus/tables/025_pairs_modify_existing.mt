local t = {}
for i = 1, 20 do t["k" .. i] = i end
for k, v in pairs(t) do t[k] = v * 2 end
local s = 0
for k, v in pairs(t) do s = s + v end
print(s)
for k in pairs(t) do t[k] = nil end
print(next(t))
