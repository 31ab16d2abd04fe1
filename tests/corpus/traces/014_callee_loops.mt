-- Loops inside called functions: a root trace unrolls a callee's loop that
-- has a trace of its own while it stays short, and links into it once it runs
-- long (more back-edges than a trace unrolls). The trip counts here vary
-- from call to call, short and long, so both kinds of trace and the exits
-- between them run. Each driver loop is in a function of its own.

local function first_at_least(t, n, x)
  for i = 1, n do
    if t[i] >= x then return i end
  end
  return n + 1
end

local function run_search()
  local t = {}
  for i = 1, 40 do t[i] = i * 3 end
  local s = 0
  for round = 1, 30 do
    for x = 1, 125, 4 do
      s = s + first_at_least(t, 40, (x * round) % 125)
    end
  end
  return s
end
print("search", run_search())

-- A loop in a callee that runs to its end, short or long, and a second
-- level of call inside it.
local function weight(k) return k % 3 + 1 end
local function sum_to(n)
  local s = 0
  for k = 1, n do s = s + weight(k) end
  return s
end
local function run_sums()
  local total = 0
  for i = 1, 200 do total = total + sum_to(i % 5) + sum_to(i % 37) end
  return total
end
print("sums", run_sums())

-- A while loop in a callee whose result feeds a call keeping all results.
local function collatz(n)
  local steps = 0
  while n ~= 1 do
    if n % 2 == 0 then n = n // 2 else n = 3 * n + 1 end
    steps = steps + 1
  end
  return steps
end
local function pair(a) return a, a % 7 end
local function run_collatz()
  local s = 0
  for i = 1, 300 do
    local a, b = pair(collatz(i))
    s = s + a * 10 + b
  end
  return s
end
print("collatz", run_collatz())
