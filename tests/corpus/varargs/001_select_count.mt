print(select("#"), select("#", nil), select("#", nil, nil), select("#", 1, 2, 3))
local function f(...) return select("#", ...) end
print(f(), f(nil), f(1, nil), f(nil, nil, nil))
