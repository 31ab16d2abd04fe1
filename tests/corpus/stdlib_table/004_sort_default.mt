local t = {5, 2, 8, 1, 9, 3, 7, 4, 6, 0}
table.sort(t)
print(table.concat(t, " "))
local s = {"pear", "apple", "fig", "banana"}
table.sort(s)
print(table.concat(s, " "))
local f = {3.5, -1, 2, 2.25, -7.5, 0}
table.sort(f)
print(table.concat(f, " "))
table.sort({})
table.sort({1})
print("ok")
