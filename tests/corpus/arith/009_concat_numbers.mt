print(1 .. 2, 1.5 .. 2, -0.0 .. 1, 2^63 .. "", math.mininteger .. "")
print("a" .. 1 .. "b" .. 2.0 .. "c")
local parts = ""
for i = 1, 10 do parts = parts .. i .. (i % 2 == 0 and "," or ";") end
print(parts)
print(pcall(function() return "a" .. {} end))
print(pcall(function() return "a" .. nil end))
print(pcall(function() return true .. "" end))
print(pcall(function() local t = {}; return t.x .. "y" end))
