local function inner(...) return select("#", ...), ... end
local function outer(...) return inner(...) end
print(outer())
print(outer(nil))
print(outer(1, nil, nil))
local function wrap(f, ...) return f(...) end
print(wrap(string.rep, "ab", 3))
