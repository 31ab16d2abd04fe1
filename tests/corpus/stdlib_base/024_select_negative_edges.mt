local function f(...) return select(-1, ...) end
print(f(1), f(1, 2), f(nil, "last"))
print(pcall(f))
print(select(-2, "a", "b"))
