-- phase_cold_hot_cold (research/benchmarks.md §5.4 S4): a cold path turns
-- hot, then cold again. A memoising lookup(k) is called 20000 times per
-- repetition on a cache emptied at the start of the repetition. Phase 1
-- (in-process iterations 1..5 and again from iteration 11 on) uses keys
-- i % 64, so nearly every call hits; phase 2 (iterations 6..10) uses keys
-- i, so every call takes the miss path (compute and insert). Phase 2 is
-- inherently more work: compare it with the control, and compare the third
-- phase with the first to see whether the VM returns to the fast path.
-- Control (phase_cold_hot_cold_control, identical apart from CONTROL = true):
-- phase 2 in every iteration.
-- Self-check per repetition: the sum of looked-up values, 10304889 and
-- 210090096.

local CONTROL = false
local PHASE_CHANGE_ITERATION = 5  -- last iteration of the first phase
local CALLS = 20000
local EXPECT = { 10304889, 210090096 }

local iteration = 0  -- in-process iterations run so far

-- The miss path: a short loop that derives a value from the key.
local function compute(k)
  local v = k
  for j = 1, 8 do v = (v * 31 + j) % 1009 end
  return v + k
end

local function lookup(cache, k)
  local v = cache[k]
  if v == nil then
    v = compute(k)
    cache[k] = v
  end
  return v
end

local function kernel(phase)
  local cache = {}
  local sum = 0
  for i = 1, CALLS do
    local k = i
    if phase == 1 then k = i % 64 end
    sum = sum + lookup(cache, k)
  end
  return sum
end

function run_iter(n)
  iteration = iteration + 1
  local phase = 1
  if CONTROL or (iteration > PHASE_CHANGE_ITERATION
                 and iteration <= 2 * PHASE_CHANGE_ITERATION) then
    phase = 2
  end
  for _ = 1, n do
    local r = kernel(phase)
    if r ~= EXPECT[phase] then
      error(string.format("phase_cold_hot_cold: phase %d gave %d, expected %d",
                          phase, r, EXPECT[phase]))
    end
  end
end
