local words = {"banana", "apple", "Apple", "apple pie", "", "a", "b", "ab", "\0"}
table.sort(words)
for i, w in ipairs(words) do io.write(i, "=", w:byte(1) or "empty", " ") end
print()
print("a" < "aa", "aa" < "b", "Z" < "a", "10" < "9", "" < "\0")
