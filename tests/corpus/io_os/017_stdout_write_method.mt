local out = io.stdout
out:write("method ", 1, " ", 2.0, "\n")
print(out:write("") == out)
io.write(string.rep("-", 20), "\n")
