-- Local runs only (scripts/run-experiment): gives LuaJIT the `mtvm` table the
-- iterations runner needs, so LuaJIT is timed by the same runner and clock as
-- mtvm. Loaded through LUA_INIT=@<this file>. (Under Krun, LuaJIT runs with
-- Krun's own iterations_runner.lua through LuaVMDef instead.)
local ffi = require("ffi")
ffi.cdef[[
  struct mtvm_timespec { long tv_sec; long tv_nsec; };
  int clock_gettime(int clk_id, struct mtvm_timespec *tp);
]]
local CLOCK_MONOTONIC_RAW = 4   -- Linux <time.h>
local ts = ffi.new("struct mtvm_timespec")

mtvm = {
  tracer = "luajit",
  clock = function()
    if ffi.C.clock_gettime(CLOCK_MONOTONIC_RAW, ts) ~= 0 then
      error("clock_gettime(CLOCK_MONOTONIC_RAW) failed")
    end
    return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
  end,
  -- LuaJIT exposes no JIT counters; report the heap size only.
  stats = function()
    return {heap_kib = collectgarbage("count")}
  end,
}
