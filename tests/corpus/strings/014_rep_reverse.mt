print(string.rep("ab", 3), string.rep("ab", 3, ","), string.rep("x", 0), string.rep("x", -1))
print(string.rep("", 100), #string.rep("abc", 1000), string.rep("a", 1, "SEP"))
print(string.reverse("abc"), string.reverse(""), string.reverse("a\0b"):byte(1, -1))
