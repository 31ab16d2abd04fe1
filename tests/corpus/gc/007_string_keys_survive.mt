local t = {}
for i = 1, 2000 do t["key" .. i] = i end
for i = 1, 20000 do local tmp = "garbage" .. i end
local s = 0
for i = 1, 2000 do s = s + t["key" .. i] end
print(s)
