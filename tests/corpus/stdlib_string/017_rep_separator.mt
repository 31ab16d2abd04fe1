print(("ab"):rep(3, ", "))
print(("x"):rep(1, "!"), ("x"):rep(0, "!"), ("x"):rep(2, ""))
print(#("abc"):rep(100, "--"))
print(pcall(string.rep, "x", 1e10))
