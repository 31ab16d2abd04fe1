local function gcd(a, b) while b ~= 0 do a, b = b, a % b end return a end
print(gcd(48, 18), gcd(17, 5), gcd(0, 9), gcd(2^40 | 0, 2^20 | 0))
local function isqrt(n) local x = math.floor(math.sqrt(n)) while x * x > n do x = x - 1 end return x end
print(isqrt(99), isqrt(100), isqrt(10^12 | 0))
local s = 0
for i = 1, 100 do s = s + 1 / (i * i) end
print(s, math.sqrt(s * 6))
