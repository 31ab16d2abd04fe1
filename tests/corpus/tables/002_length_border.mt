print(#{}, #{nil}, #{1}, #{1, 2, nil}, #{nil, nil, 3} >= 0)
local t = {}
for i = 1, 10 do t[i] = i end
print(#t)
t[10] = nil
print(#t)
t[11] = 11
print(#t == 9 or #t == 11)
for i = 1, 9 do t[i] = nil end
print(#t == 0 or #t == 11)
