print(string.len(12345), string.upper(1.5), string.rep(7, 3), ("x"):rep("2"))
print(string.byte(65), string.sub(123456, 2, 4))
