local function memoize(f)
  local cache = {}
  return function(n)
    local v = cache[n]
    if v == nil then v = f(n); cache[n] = v end
    return v
  end
end
local calls = 0
local slow
slow = memoize(function(n) calls = calls + 1; if n < 2 then return n end return slow(n - 1) + slow(n - 2) end)
print(slow(80), calls)
