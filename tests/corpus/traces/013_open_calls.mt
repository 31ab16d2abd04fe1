-- Calls that keep all their results (the last argument of another call,
-- the last value returned) and the instruction after them, which takes
-- every value up to the top of stack they leave: traces follow them when
-- the number of values is fixed by the path, and every exit between the
-- two must leave the interpreter's top of stack where the call left it.
-- Each driver loop is in a function of its own: a trace does not return
-- into a function that has closures (the main chunk).

local function one(x) return x end
local function two(x) return x, x + 1 end
local function none() end
local function sum3(a, b, c) return (a or 0) + (b or 0) * 10 + (c or 0) * 100 end

-- One, two or no values feeding a call, nil-padded where fewer come.
local function run_counts()
  local s = 0
  for i = 1, 200 do
    s = s + sum3(one(i)) + sum3(two(i)) + sum3(none()) + sum3(i, two(i))
  end
  return s
end
print("counts", run_counts())

-- The number of values changes with the path: a guard in the callee
-- decides how many, and the exit resumes in the callee or at the call
-- that takes them.
local function some(i)
  if i % 3 == 0 then return i, i end
  if i % 5 == 0 then return end
  return i
end
local function run_paths()
  local s = 0
  for i = 1, 300 do s = s + sum3(some(i)) end
  return s
end
print("paths", run_paths())

-- The callee that takes the values changes: its guard fails at the call,
-- after the values are on the stack (stale values above them must not
-- become arguments).
local function add(a, b, c) return sum3(a, b, c) end
local function sub(a, b, c) return -sum3(a, b, c) end
local function run_switch()
  local fns = { add, sub, add }
  local s = 0
  for i = 1, 300 do
    local f = fns[i % 3 + 1]
    s = s + f(two(i)) + f(one(i)) + f(i, i, i)
  end
  return s
end
print("switch", run_switch())

-- The same with builtins: string.char is followed, math.max is not.
local function run_switch_builtin()
  local out = {}
  for i = 1, 200 do
    local g = (i % 4 == 0) and math.max or string.char
    local a, b = two(i)
    out[i % 30 + 1] = tostring(g(one(65 + i % 26)))
  end
  return table.concat(out)
end
print("switch builtin", run_switch_builtin())

-- A type change between the two: the values are there, the consumer is
-- not a function any more (an error raised at the call).
local function run_not_callable()
  local f = add
  local s, errs = 0, 0
  for i = 1, 100 do
    if i == 70 then f = 42 end
    local ok, v = pcall(function() return f(two(i)) end)
    if ok then s = s + v else errs = errs + 1 end
  end
  return s, errs
end
print("not callable", run_not_callable())

-- Chains: results passed on through several calls, returned whole from
-- an inlined frame (return a, g()) and by a tail call (return f(g())).
local function pass(...) return ... end
local function lead(x) return x * 2, two(x) end
local function tail(x) return sum3(two(x)) end
local function run_chains()
  local s = 0
  for i = 1, 200 do
    s = s + sum3(one(one(i))) + sum3(lead(i)) + tail(i) + sum3(pass(i, i))
  end
  return s
end
print("chains", run_chains())

-- A loop whose exit returns its value into a call keeping all results:
-- side traces return below their base frame into that call.
local function find(t, x)
  for i = 1, #t do
    if t[i] >= x then return i end
  end
  return #t
end
local function run_find()
  local data = {}
  for i = 1, 12 do data[i] = i * i end
  local s = 0
  for r = 1, 40 do
    for x = 1, 140, 7 do s = s + sum3(find(data, x)) + one(find(data, x + r)) end
  end
  return s
end
print("find", run_find())

-- Builtins fed by open calls: string.char of one byte (found, or a string
-- that does not exist yet), s:byte with and without a byte, math with too
-- many or too few values, and errors raised inside.
local function byte_of(i) return i % 256 end
local function run_builtins()
  local parts, n = {}, 0
  for i = 1, 600 do
    local c = string.char(byte_of(i * 7))
    n = n + #c + string.byte(c)
    parts[i % 40 + 1] = string.char(one(65 + i % 26))
  end
  local s = 0
  local str = "hello"
  for i = 1, 100 do
    s = s + sum3(str:byte(i % 7)) + sum3(math.floor(one(i / 3)))
    s = s + sum3(math.abs(two(-i)))
  end
  local errs = 0
  for i = 1, 100 do
    local ok = pcall(function() return string.char(one(i * 5)) end)
    if not ok then errs = errs + 1 end
    ok = pcall(function() return math.floor(none()) end)
    if not ok then errs = errs + 1 end
  end
  return n, table.concat(parts), s, errs
end
print("builtins", run_builtins())

-- string.char of two bytes, and of none, from open calls.
local function run_char_counts()
  local out = {}
  for i = 1, 100 do
    out[#out + 1] = string.char(two(97 + i % 20)) .. string.char(none())
  end
  return table.concat(out, ",", 1, 10)
end
print("char counts", run_char_counts())

-- fasta's pattern: a random draw picks a character, string.char makes it.
local last = 42
local function random(max)
  last = (last * 3877 + 29573) % 139968
  return max * last / 139968
end
local function pick(cum, r)
  local probs = cum.probs
  for i = 1, cum.n - 1 do
    if r < probs[i] then return cum.chars[i] end
  end
  return cum.chars[cum.n]
end
local function run_fasta()
  local cum = { chars = { 97, 99, 103, 116 }, probs = { 0.3, 0.5, 0.7, 1.0 }, n = 4 }
  local buf, sum = {}, 0
  for line = 1, 30 do
    for i = 1, 60 do buf[i] = string.char(pick(cum, random(1.0))) end
    local s = table.concat(buf)
    for i = 1, #s do sum = sum + s:byte(i) end
  end
  return sum
end
print("fasta", run_fasta())
