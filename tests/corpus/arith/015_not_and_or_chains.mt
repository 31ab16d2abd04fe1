local function f(n) return n > 2 and "big" or n > 0 and "small" or "neg" end
print(f(5), f(1), f(-1))
print(false or nil and 1, (false or nil) and 1, nil == (false and nil))
local x = nil
x = x or {}
x.n = (x.n or 0) + 1
print(x.n)
print(1 and nil, (1 and nil) == nil, false == nil)
