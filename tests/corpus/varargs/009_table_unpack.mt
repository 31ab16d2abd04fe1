print(table.unpack({1, 2, 3}))
print(table.unpack({1, 2, 3}, 2))
print(table.unpack({1, 2, 3}, 2, 5))
print(table.unpack({}, 1, 0))
print(table.unpack({"a", "b"}, -1, 1))
print(select("#", table.unpack({}, 1, 3)))
local t = {n = 3}
print(table.unpack(t, 1, t.n))
