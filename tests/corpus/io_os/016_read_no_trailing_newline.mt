print(io.read("l"), io.read("l"), io.read("l"))
