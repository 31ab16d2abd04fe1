print(table.unpack({[-1] = "m", [0] = "z", "a"}, -1, 1))
print(table.unpack({"a", "b", "c"}, -1))
