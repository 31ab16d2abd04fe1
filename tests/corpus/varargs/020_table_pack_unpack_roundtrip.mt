local p = table.pack(1, nil, "x", nil)
print(p.n, table.unpack(p, 1, p.n))
local q = table.pack(table.unpack({1, 2, 3}))
print(q.n, q[3])
