local adders = {}
for i = 1, 100 do adders[i] = function(x) return x + i end end
local s = 0
for i = 1, 100 do s = s + adders[i](i) end
print(s)
