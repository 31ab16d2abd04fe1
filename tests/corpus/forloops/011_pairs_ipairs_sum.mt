local t = {}
for i = 1, 100 do t[i] = i end
local s = 0
for _, v in ipairs(t) do s = s + v end
print(s)
s = 0
for k, v in pairs(t) do s = s + k + v end
print(s)
