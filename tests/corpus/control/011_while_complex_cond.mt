local a, b = 0, 100
while a < b and b - a > 3 do a = a + 7; b = b - 5 end
print(a, b)
local t = {1, 2, 3, 4, 5, 6}
local i = 1
while t[i] and t[i] < 4 do i = i + 1 end
print(i)
