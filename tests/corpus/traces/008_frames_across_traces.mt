-- Traces that change frames: side traces that start inside an inlined call,
-- return below the frame their trace started in (a loop's exit path that
-- returns from its function), and link into the loop of a callee, so the
-- interpreter's frames must be rebuilt right wherever a chain of traces
-- leaves machine code. Each driver loop is in a function of its own: a
-- trace does not return into a function that has closures (the main chunk).

-- A loop whose exit returns a value to a caller that loops too.
local function find(t, x)
  for i = 1, #t do
    if t[i] == x then return i end
  end
  return 0
end

local function run_find()
  local data = {}
  for i = 1, 20 do data[i] = (i * 7) % 23 end
  local hits = 0
  for round = 1, 30 do
    for x = 0, 22 do hits = hits + find(data, x) * (round % 3 + 1) end
  end
  return hits
end
print("find", run_find())

-- Two levels: the inner function's loop exit returns through a middle
-- function that has its own loop.
local function inner(n)
  local s = 0
  for i = 1, n do s = s + i end
  return s
end
local function middle(n)
  local acc = 0
  for k = 1, n do acc = acc + inner(k) % 7 end
  return acc, n
end
local function run_nested()
  local total = 0
  for r = 1, 40 do
    local a, b = middle(r % 9 + 1)
    total = total + a * 3 + b
  end
  return total
end
print("nested", run_nested())

-- The same function called from two different call sites: a side trace
-- that returns below its base frame must go back to the caller it was
-- recorded with, and exit otherwise.
local function count_to(n)
  local c = 0
  while c < n do c = c + 1 end
  return c
end
local function run_sites()
  local x, y = 0, 0
  for i = 1, 60 do
    if i % 2 == 0 then x = x + count_to(i % 5)
    else y = y + count_to(i % 4) * 2 end
  end
  return x, y
end
print("two sites", run_sites())

-- Called from C (through pcall and table.sort's comparator): the return
-- goes to a builtin, which a trace must not follow.
local function spin(n)
  local s = 0
  for i = 1, n do s = s + i % 3 end
  return s
end
local through_pcall = 0
for i = 1, 50 do
  local ok, v = pcall(spin, i % 6 + 1)
  through_pcall = through_pcall + (ok and v or 0)
end
print("pcall", through_pcall)
local arr = {}
for i = 1, 40 do arr[i] = (i * 13) % 17 end
table.sort(arr, function(a, b) return spin(a % 3 + 1) + a < spin(b % 3 + 1) + b end)
print("sort", arr[1], arr[20], arr[40])

-- A result count the caller does not keep (statement calls), extra results,
-- and missing ones padded with nil.
local function pair(n)
  for i = 1, n do if i == 3 then return i, i * 2 end end
  return n
end
local function run_counts()
  local p1, p2, p3 = 0, 0, 0
  for i = 1, 50 do
    pair(i % 5)
    local a, b, c = pair(i % 5 + 1)
    p1 = p1 + a
    if b then p2 = p2 + b end
    if c == nil then p3 = p3 + 1 end
  end
  return p1, p2, p3
end
print("counts", run_counts())

-- A loop that returns through a function with a closure: its upvalues must
-- be closed, so the return is left to the interpreter.
local function with_closure(n)
  local v = 0
  local function bump() v = v + 1 end
  for i = 1, n do bump() end
  return v
end
local function run_closure()
  local wc = 0
  for i = 1, 30 do wc = wc + with_closure(i % 4) end
  return wc
end
print("closure", run_closure())

-- Deep recursion through loops: each level's loop calls the next level.
local function levels(d)
  if d == 0 then return 1 end
  local s = 0
  for i = 1, 2 do s = s + levels(d - 1) end
  return s
end
print("levels", levels(10))

-- An error raised after traces moved the frames: the message and the
-- frames it names must be the interpreter's.
local function checked(t, n)
  for i = 1, n do
    if t[i] == nil then error("missing " .. i) end
  end
  return n
end
local function run_checked(t)
  local s = 0
  for i = 1, 100 do s = s + checked(t, i % 9 + 1) end
  return s
end
local ok, msg = pcall(run_checked, {1, 2, 3, 4, 5, 6, 7, 8})
print("error", ok, msg)

-- Unbounded recursion through a loop still ends in a stack overflow.
local function deep(n)
  for i = 1, 1 do n = deep(n + 1) end
  return n
end
local ok2, msg2 = pcall(deep, 0)
print("overflow", ok2, tostring(msg2):sub(-14) == "stack overflow")
