-- phase_tripcount_collapse (research/benchmarks.md §5.4 S3): the trip count
-- of an inner loop collapses. One repetition is 100000 inner steps: in
-- in-process iterations 1..5 the inner loop runs 1000 times per outer step
-- (100 outer steps), from iteration 6 on it runs 5 times (20000 outer steps).
-- Control (phase_tripcount_collapse_control, identical apart from
-- CONTROL = true): the 5-trip shape from the first iteration.
-- Self-check per repetition: 300003 and 300005.

local CONTROL = true  -- control: second phase only
local PHASE_CHANGE_ITERATION = 5  -- last iteration of the first phase
local OUTER = { 100, 20000 }
local TRIP = { 1000, 5 }
local EXPECT = { 300003, 300005 }

local iteration = 0  -- in-process iterations run so far

local function kernel(outer, trip)
  local acc = 0
  for o = 1, outer do
    local s = 0
    for i = 1, trip do s = s + (i + o) % 7 end
    acc = acc + s
  end
  return acc
end

function run_iter(n)
  iteration = iteration + 1
  local phase = 1
  if CONTROL or iteration > PHASE_CHANGE_ITERATION then phase = 2 end
  for _ = 1, n do
    local r = kernel(OUTER[phase], TRIP[phase])
    if r ~= EXPECT[phase] then
      error(string.format("phase_tripcount_collapse: phase %d gave %d, expected %d",
                          phase, r, EXPECT[phase]))
    end
  end
end
