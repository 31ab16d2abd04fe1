-- Portable benchmark driver for mtvm, lua5.4 and luajit (Lua 5.1 syntax).
-- Usage: VM scripts/bench_driver.mt BENCH_FILE PARAM ITERATIONS [cpu]
-- Loads BENCH_FILE (which defines the global run_iter), then calls
-- run_iter(PARAM) ITERATIONS times, timing each call. It prints one line per
-- iteration, "iteration K SECONDS", and finally "done K". A benchmark that
-- fails raises an error, so the "done" line is missing and the exit status is
-- non-zero. The clock is mtvm.clock() (CLOCK_MONOTONIC_RAW) when the global
-- mtvm exists, else os.clock() (CPU time), the only clock all three share.
-- With the optional fourth argument "cpu", os.clock() is used on mtvm too,
-- so that all VMs are timed alike (CPU time) on a loaded machine.

local bench_file = arg[1]
local param = tonumber(arg[2])
local iterations = tonumber(arg[3])
if bench_file == nil or param == nil or iterations == nil then
  error("usage: bench_driver.mt BENCH_FILE PARAM ITERATIONS")
end

local clock = os.clock
if mtvm ~= nil and mtvm.clock ~= nil and arg[4] ~= "cpu" then
  clock = mtvm.clock
end

dofile(bench_file)
if run_iter == nil then
  error(bench_file .. " does not define run_iter")
end

local run = run_iter
for k = 1, iterations do
  local t0 = clock()
  run(param)
  local t1 = clock()
  io.write(string.format("iteration %d %.9f\n", k, t1 - t0))
end
io.write(string.format("done %d\n", iterations))
