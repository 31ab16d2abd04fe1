local function mr(n) return n, n * 2, n * 3 end
local function tc(n) return mr(n) end
local function tc2(n) if n > 0 then return tc2(n - 1) end return mr(7) end
print(tc(1))
print(tc2(1000))
print(select("#", tc2(50)))
