local a, b, c = io.read("l", "n", "l")
print(a, b, c)
print(io.read("a"))
