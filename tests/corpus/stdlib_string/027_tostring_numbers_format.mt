print(string.format("%.14g", 0.1), tostring(0.1), 0.1 .. "")
print(string.format("%.14g", 100), tostring(100.0), string.format("%.1f", 100))
print(string.format("%.14g", 2^63), tostring(2^63))
