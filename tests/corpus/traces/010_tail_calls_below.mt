-- Tail calls made after a loop's exit path has returned below the frame
-- its trace started in: the callee takes the returning frame's place and
-- its results go to that frame's caller, whatever count it wants.

local function scale(x, k) return x * (k or 3) end
local function pair(x) return x, x + 1 end
local function nothing() end

-- A loop whose exit tail-calls another function.
local function sum_then(t, k)
  local s = 0
  for i = 1, #t do s = s + t[i] end
  if k == 0 then return scale(s) end          -- missing argument: nil
  if k == 1 then return pair(s) end           -- two results
  if k == 2 then return nothing() end         -- no result
  return scale(s, k, "extra")                 -- one argument too many
end

local function driver()
  local t = {}
  for i = 1, 12 do t[i] = i end
  local acc, count = 0, 0
  for round = 1, 60 do
    local k = round % 5
    local a, b = sum_then(t, k)
    acc = acc + (a or 0) + (b or 0)
    if a == nil then count = count + 1 end
    local only = sum_then(t, k)               -- one result wanted
    acc = acc + (only or 0)
    local packed = { sum_then(t, 1) }         -- all results wanted
    acc = acc + #packed
  end
  print("driver", acc, count)
end

-- Tail calls that loop themselves, several levels deep.
local function count_down(n)
  local c = 0
  while n > 0 do n = n - 1; c = c + 1 end
  return c
end
local function middle(n)
  for _ = 1, 3 do n = n + 1 end
  return count_down(n)
end
local function outer(n)
  local m = 0
  for i = 1, n do m = m + i end
  return middle(m % 17)
end

local function chain()
  local total = 0
  for i = 1, 80 do total = total + outer(i % 9) end
  print("chain", total)
end

-- Entered from a builtin (pcall, table.sort's comparator): the frame must
-- go back to C, so a trace may not take its place.
local function via_pcall()
  local hits = 0
  for i = 1, 40 do
    local ok, v = pcall(sum_then, { i, i }, i % 4)
    if ok and v then hits = hits + v end
  end
  local t = { 5, 3, 8, 1, 9, 2 }
  table.sort(t, function(a, b)
    for _ = 1, 2 do a = a + 0 end
    return scale(a, 1) < scale(b, 1)
  end)
  print("pcall", hits, table.concat(t, " "))
end

-- An error raised in a function reached by a tail call after the loop.
local function boom(x) if x > 30 then error("too big: " .. x) end return x end
local function loop_then_boom(n)
  local s = 0
  for i = 1, n do s = s + i end
  return boom(s)
end

local function errors()
  local ok_count, last = 0, nil
  for n = 1, 12 do
    local ok, v = pcall(loop_then_boom, n)
    if ok then ok_count = ok_count + 1 else last = v end
  end
  print("errors", ok_count, last)
end

driver()
chain()
via_pcall()
errors()
