local t = {"delta", "alpha", "charlie", "bravo", "Alpha", "alpha2", "al"}
table.sort(t)
print(table.concat(t, " "))
table.sort(t, function(a, b) return a:lower() < b:lower() or (a:lower() == b:lower() and a < b) end)
print(table.concat(t, " "))
