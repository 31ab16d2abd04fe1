local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(10000))
local function sum(n) if n == 0 then return 0 end local r = sum(n - 1); return r + n end
print(sum(9000))
