local z
print(pcall(function() return z.x end))
local w = 7
print(pcall(function() return w.field end))
print(pcall(function() z.q = 1 end))
