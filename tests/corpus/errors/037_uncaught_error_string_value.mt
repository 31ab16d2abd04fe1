io.write("out\n")
error("plain", 0)
