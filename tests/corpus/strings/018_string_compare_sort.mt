local t = {"b10", "b9", "a", "B", "b", "aa", "a b", "a\0"}
table.sort(t)
print(#table.concat(t, "|"), #t)
for i = 1, #t do io.write(string.format("%q ", t[i])) end
print()
