print(pcall(string.format, "%*d", 5, 1))
print(pcall(string.format, "%-+ #0d", 5))
print(string.format("%+05d|%-+5d|%+ d", 7, 7, 7))
