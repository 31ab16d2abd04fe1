local long = string.rep("x", 300)
print(#string.format("%s", long), #string.format("[%s]", long))
print(#string.format("%s%s", long, long))
print(pcall(string.format, "%10s", long))
