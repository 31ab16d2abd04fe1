print(("abcdef"):sub(2.0, 4.0), ("abcdef"):sub("2", "3"))
print(pcall(string.sub, "abc", "x"))
print(pcall(string.sub, "abc", 1, 2.5))
