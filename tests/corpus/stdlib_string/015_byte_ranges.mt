local s = "ABCDE"
print(s:byte(), s:byte(0), s:byte(-2), s:byte(2, 4))
print(s:byte(-100, 2))
print(s:byte(4, 100))
print(select("#", s:byte(3, 2)))
print(("\255\128\0"):byte(1, 3))
