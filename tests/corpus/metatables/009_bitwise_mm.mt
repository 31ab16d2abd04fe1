local B = {}
local function box(v) return setmetatable({v = v}, B) end
B.__band = function(a, b) return "band" end
B.__bor = function(a, b) return "bor" end
B.__bxor = function(a, b) return "bxor" end
B.__shl = function(a, b) return "shl" end
B.__shr = function(a, b) return "shr" end
B.__bnot = function(a) return "bnot" end
local x = box(1)
print(x & 1, 1 | x, x ~ x, x << 1, 2 >> x, ~x)
print(pcall(function() return 1.5 & x end))
