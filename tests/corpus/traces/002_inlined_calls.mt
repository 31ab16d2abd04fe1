-- Calls inlined into traces: results, missing arguments, extra results,
-- errors raised inside the callee, and exits from inside inlined frames.
local function sq(x) return x * x end
local function pair(a, b) return a + (b or 100), a end
local function three() return 1, 2, 3 end
local function depth3(x) return sq(x) + 1 end
local function depth2(x) return depth3(x) * 2 end
local s, u = 0, 0
for i = 1, 200 do
  s = s + sq(i) + depth2(i)
  local p, q = pair(i)
  local r1, r2 = pair(i, 1)
  local a, b, c, d = three()
  u = u + p + q + r1 + r2 + a + b + c + (d == nil and 1 or 0)
  if i % 37 == 0 then u = u + sq(i + 0.5) end
end
print(s, u)
local ok, err = pcall(function()
  local acc = 0
  for i = 1, 100 do
    acc = acc + sq(i > 90 and "oops" or i)
  end
  return acc
end)
print(ok, err)
local function classify(x)
  if x < 10 then return "small" elseif x < 100 then return "medium" end
  return "large"
end
local counts = {small = 0, medium = 0, large = 0}
for i = 1, 300 do
  local k = classify(i)
  counts[k] = counts[k] + 1
end
print(counts.small, counts.medium, counts.large)
local fns = {sq, function(x) return x + 1 end, sq}
local total = 0
for i = 1, 90 do total = total + fns[i % 3 + 1](i) end
print(total, math.sqrt(2), math.sin(1))
local roots = 0
for i = 1, 100 do roots = roots + math.sqrt(i) + math.cos(i * 0.5) end
print(string.format("%.10f", roots))
