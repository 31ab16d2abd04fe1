local t = {1, 2, 3}
t[5] = 5
print(#t == 3 or #t == 5)
print(table.remove({[1] = "only"}), table.remove({n = 0}))
