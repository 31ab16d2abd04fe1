-- Test double for mtvm's global `mtvm` table under lua5.4 (and luajit):
-- loaded before the runner with `lua5.4 -e "dofile('.../mtvm_shim.lua')"`.
-- clock is CPU time (os.clock), good enough to exercise the protocol; the
-- counters are fake but cumulative, like the real ones.
local calls = 0
mtvm = {
  tracer = "none",
  clock = os.clock,
  stats = function()
    calls = calls + 1
    return {gc_collections = calls, gc_time = calls * 0.25,
            bytes_allocated = calls * 100}
  end,
}
