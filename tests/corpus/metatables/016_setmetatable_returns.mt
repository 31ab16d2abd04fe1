local t = {}
local r = setmetatable(t, {})
print(r == t)
print(setmetatable(t, nil) == t, getmetatable(t))
print(pcall(setmetatable, 1, {}))
print(pcall(setmetatable, {}, 1))
print(pcall(setmetatable, {}))
