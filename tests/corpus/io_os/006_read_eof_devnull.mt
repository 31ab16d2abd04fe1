print(io.read("l"), io.read("n"), io.read("a"), io.read())
print(#io.read("a"))
