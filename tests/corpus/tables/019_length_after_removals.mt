local t = {1, 2, 3, 4, 5}
t[#t] = nil
print(#t)
t[#t + 1] = "x"
print(#t, t[5])
while #t > 0 do t[#t] = nil end
print(#t, next(t))
