-- Krun iterations runner for mtvm (research/krun-warmup.md B.2, B.5, C.4, B.8).
--
--   build/mtvm [strategy flags] iterations_runner.mt <benchmark> <iterations>
--              <param> <debug 0|1> [<instr dir> <key> <pexec index>]
--
-- Loads the benchmark with dofile, times each run_iter(param) with
-- mtvm.clock() (CLOCK_MONOTONIC_RAW) and prints ONE JSON object on stdout:
--   {"wallclock_times": [...], "core_cycle_counts": [], "aperf_counts": [],
--    "mperf_counts": []}
-- The per-core lists are empty because Krun's default libkruntime reports 0
-- cores (B.5). Krun discards the exit status (B.3), so every failure raises
-- an uncaught error instead: message on stderr, exit status 1, and nothing
-- on stdout. The JSON is written only after the last iteration succeeded.
--
-- With the three instrumentation arguments, one line per in-process
-- iteration goes to stderr: "@@@ MTVM_ITER " followed by a JSON object with
-- "iter" (0-based) and the change of every counter of mtvm.stats() over
-- that iteration. Written to run unchanged on lua5.4 and luajit too (given a
-- table `mtvm`), so no integer division, bit operators or math.type.

local PREFIX = "iterations_runner.mt: "
local INSTR_PREFIX = "@@@ MTVM_ITER "

local function fail(msg)
  error(PREFIX .. msg, 0)
end

local function usage()
  fail("usage: mtvm [options] iterations_runner.mt <benchmark> <iterations> "
       .. "<param> <debug 0|1> [<instr dir> <key> <pexec index>]")
end

-- A whole number >= lo given as a decimal string, else nil.
local function whole(s, lo)
  local n = tonumber(s)
  if n == nil or n ~= math.floor(n) or n < lo then return nil end
  return n
end

local function parse_args()
  local nargs = #arg
  if nargs ~= 4 and nargs ~= 7 then usage() end
  local a = {bench = arg[1], instrument = (nargs == 7)}
  a.iters = whole(arg[2], 1)
  if a.iters == nil then fail("bad iteration count: " .. tostring(arg[2])) end
  a.param = tonumber(arg[3])
  if a.param == nil then fail("bad benchmark parameter: " .. tostring(arg[3])) end
  local debug = whole(arg[4], 0)
  if debug == nil then fail("bad debug flag: " .. tostring(arg[4])) end
  a.debug = debug > 0
  if a.instrument and whole(arg[7], 0) == nil then
    fail("bad pexec index: " .. tostring(arg[7]))
  end
  return a
end

local function check_mtvm(instrument)
  if type(mtvm) ~= "table" or type(mtvm.clock) ~= "function" then
    fail("the global table mtvm is missing (run this with build/mtvm)")
  end
  if instrument and type(mtvm.stats) ~= "function" then
    fail("instrumentation needs mtvm.stats()")
  end
end

local function load_benchmark(path)
  dofile(path)   -- errors in the benchmark propagate: exit 1, no JSON
  if type(run_iter) ~= "function" then
    fail(path .. " does not define a global function run_iter")
  end
  return run_iter
end

-- Plain timing loop: nothing but the two clock reads around the call.
local function time_plain(run, a, times)
  local clock, param, iters = mtvm.clock, a.param, a.iters
  for i = 1, iters do
    if a.debug then
      io.stderr:write(string.format("[iterations_runner.mt] iteration %d/%d\n", i, iters))
    end
    local t0 = clock()
    run(param)
    local t1 = clock()
    if t1 < t0 then fail("clock went backwards") end
    times[i] = t1 - t0
  end
end

local function json_number(v)
  if v ~= v or v == math.huge or v == -math.huge then return "null" end
  if v == math.floor(v) and v > -2^53 and v < 2^53 then
    return string.format("%d", v)
  end
  return string.format("%.17g", v)
end

local function json_value(v)
  local t = type(v)
  if t == "number" then return json_number(v) end
  if t == "boolean" then return tostring(v) end
  return "null"
end

-- One record: the change of every counter over one iteration.
local function instr_record(i, s0, s1)
  local names = {}
  for k in pairs(s1) do
    if type(k) == "string" then names[#names + 1] = k end
  end
  table.sort(names)
  local parts = {string.format('"iter": %d', i - 1)}
  for _, k in ipairs(names) do
    local v1, v0 = s1[k], s0[k]
    if type(v1) == "number" and type(v0) == "number" then v1 = v1 - v0 end
    parts[#parts + 1] = string.format('"%s": %s', k, json_value(v1))
  end
  return INSTR_PREFIX .. "{" .. table.concat(parts, ", ") .. "}\n"
end

-- Instrumented loop: counters read outside the timed region.
local function time_instrumented(run, a, times)
  local clock, stats, param, iters = mtvm.clock, mtvm.stats, a.param, a.iters
  for i = 1, iters do
    if a.debug then
      io.stderr:write(string.format("[iterations_runner.mt] iteration %d/%d\n", i, iters))
    end
    local s0 = stats()
    local t0 = clock()
    run(param)
    local t1 = clock()
    local s1 = stats()
    if t1 < t0 then fail("clock went backwards") end
    times[i] = t1 - t0
    io.stderr:write(instr_record(i, s0, s1))
  end
end

local function emit(times)
  local parts = {}
  for i = 1, #times do
    parts[i] = string.format("%.9f", times[i])
  end
  io.write('{"wallclock_times": [', table.concat(parts, ", "),
           '], "core_cycle_counts": [], "aperf_counts": [], "mperf_counts": []}\n')
end

local function main()
  local a = parse_args()
  check_mtvm(a.instrument)
  local run = load_benchmark(a.bench)
  local times = {}
  for i = 1, a.iters do times[i] = 0.0 end   -- pre-allocate (C.4)
  if a.instrument then
    time_instrumented(run, a, times)
  else
    time_plain(run, a, times)
  end
  emit(times)
end

main()
