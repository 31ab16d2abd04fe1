local a, b, c = 1, 2, 3
print(a < b and b < c, a < b == true, (a < b) == (b > c))
print(pcall(function() return a < b < c end))
local function between(x, lo, hi) return lo <= x and x <= hi end
print(between(5, 1, 10), between(0, 1, 10), between(10, 1, 10), between(10.5, 1, 10))
print(math.max(a, b, c) == c, a ~= b ~= nil)
