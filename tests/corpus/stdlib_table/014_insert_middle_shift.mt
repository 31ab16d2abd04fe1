local t = {"a", "b", "c", "d"}
table.insert(t, 3, "X")
print(table.concat(t))
table.remove(t, 1)
print(table.concat(t), #t)
table.insert(t, 1, "first")
print(t[1], t[#t], #t)
