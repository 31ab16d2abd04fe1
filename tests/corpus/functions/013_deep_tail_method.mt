local obj = {}
function obj:count(n, acc) if n == 0 then return acc end return self:count(n - 1, acc + n) end
print(obj:count(100000, 0))
