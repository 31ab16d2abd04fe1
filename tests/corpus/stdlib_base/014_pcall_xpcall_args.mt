print(pcall(function(...) return select("#", ...), ... end, 1, nil, 3))
print(xpcall(function(...) return ... end, print, "a", "b"))
print(pcall(select, "#", 1, 2))
