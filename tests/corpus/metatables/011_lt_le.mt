local mt = {}
mt.__lt = function(a, b) return a.v < b.v end
mt.__le = function(a, b) return a.v <= b.v end
local function n(v) return setmetatable({v = v}, mt) end
print(n(1) < n(2), n(2) < n(1), n(1) <= n(1), n(2) <= n(1), n(3) > n(2), n(3) >= n(4))
local only_lt = {__lt = function(a, b) return true end}
local x, y = setmetatable({}, only_lt), setmetatable({}, only_lt)
print(x < y, pcall(function() return x <= y end))
print(pcall(function() return n(1) < 1 end))
local mixed = setmetatable({}, {__lt = function(a, b) return type(a) == "number" end})
print(1 < mixed, mixed < 1)
