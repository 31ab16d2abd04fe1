local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + 1) end
print(loop(100000, 0))
local function a(n) if n == 0 then return "a done" end return (function(m) return a(m) end)(n - 1) end
print(pcall(a, 10))
local even, odd
function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print(even(200001), odd(200001))
