print(pcall(error, "a" .. 1 .. 2.5))
print(pcall(error, string.format("%d items", 3)))
local ok, e = pcall(error, 1e100)
print(ok, e, math.type(e))
