-- The mtvm module: a monotonic clock, counters, the tracer's name.
local t0 = mtvm.clock()
local x = 0
for i = 1, 100000 do x = x + i end
local t1 = mtvm.clock()
print(math.type(t0), t1 >= t0, x)
local s0 = mtvm.stats()
local junk = {}
for i = 1, 20000 do junk[i] = {i} end
junk = nil
mtvm.gc()
local s1 = mtvm.stats()
print(s1.gc_collections > s0.gc_collections, s1.bytes_allocated > s0.bytes_allocated,
      math.type(s1.gc_time), s1.hot_loops >= 1)
print(mtvm.tracer)
