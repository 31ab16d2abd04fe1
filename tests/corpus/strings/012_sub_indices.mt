local s = "abcdefghij"
print(s:sub(3), s:sub(-3), s:sub(3, 5), s:sub(-5, -2), s:sub(0), s:sub(5, 3))
print(s:sub(-100, 2), s:sub(8, 100), s:sub(11), s:sub(10, 10), s:sub(0, 0))
print(s:sub(math.mininteger, math.maxinteger), s:sub(2.0, 3.0))
print(pcall(string.sub, s, 1.5))
