-- Tail calls inside inlined calls: the callee replaces the frame and
-- returns to the same caller; also tail calls of builtins, missing
-- arguments, a tail call that errors, and deep chains.
local function leaf(a, b) return a * 2 + (b or 0) end
local function mid(a) return leaf(a + 1) end
local function top(a, b) if b then return mid(a) end return leaf(a, b) end
local function chain3(x) return mid(x) end
local function pick(x) return math.floor(x) end
local function bad(x) return leaf(x, "y") end
local s = 0
for i = 1, 300 do
  s = s + top(i, i % 3 == 0) + chain3(i) + pick(i + 0.5)
end
print(s)
local ok, err = pcall(function()
  local t = 0
  for i = 1, 100 do t = t + (i < 90 and mid(i) or bad(i)) end
  return t
end)
print(ok, err)
local function count(n, acc) if n == 0 then return acc end return count(n - 1, acc + n) end
local c = 0
for i = 1, 50 do c = c + count(i, 0) end
print(c)
