print("line 1")
io.write("partial ")
print("line 2")
error("uncaught after output")
