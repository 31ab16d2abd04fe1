local function pack2(...) return {n = select("#", ...), ...} end
local p = pack2(1, nil, 3, nil)
print(p.n, #p >= 0, p[1], p[2], p[3], p[4])
local q = table.pack()
print(q.n, q[1])
