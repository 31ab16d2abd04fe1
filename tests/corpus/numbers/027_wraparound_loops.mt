local x = 1
for i = 1, 70 do x = x * 3 end
print(x)
local y = 0
for i = 1, 100 do y = y + math.maxinteger // 7 end
print(y)
local h = 0
for i = 1, 50 do h = (h * 31 + i) end
print(h, h & 0xffff, h >> 60)
