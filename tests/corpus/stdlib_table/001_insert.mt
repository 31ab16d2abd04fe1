local t = {}
table.insert(t, "a"); table.insert(t, "b"); table.insert(t, 1, "z"); table.insert(t, 2, "y")
print(table.concat(t, ","), #t)
table.insert(t, #t + 1, "end")
print(table.concat(t, ","))
print(pcall(table.insert, t, 0, "bad"))
print(pcall(table.insert, t, 10, "bad"))
print(pcall(table.insert, t))
print(pcall(table.insert, t, "x", 1))
