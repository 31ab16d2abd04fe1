local t = {1, 2, 3, 4, 5}
print(table.remove(t), table.concat(t, ","))
print(table.remove(t, 1), table.concat(t, ","))
print(table.remove(t, 2), table.concat(t, ","))
print(table.remove({}), table.remove({}, 0), table.remove({}, 1))
local u = {1}
print(table.remove(u, 2), table.remove(u, #u + 1))
print(pcall(table.remove, {1, 2, 3}, 7))
print(pcall(table.remove, {1, 2, 3}, -1))
local e = {}
print(table.remove(e, #e), #e)
