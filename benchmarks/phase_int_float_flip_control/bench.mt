-- phase_int_float_flip (research/benchmarks.md §5.4 S5): numeric subtype
-- flip. The same reduction over a 10000-element array is fed integer data
-- (d = i % 100) in in-process iterations 1..5 and float data (d = i % 100 +
-- 0.5) from iteration 6 on. All values stay exact in doubles, so lua5.4 and
-- luajit agree; a VM that specialises traces on integer vs float sees its
-- type assumptions broken at the flip.
-- Control (phase_int_float_flip_control, identical apart from CONTROL = true):
-- float data from the first iteration.
-- Self-check per repetition (compared exactly): 495200 and 500100.

local CONTROL = true  -- control: second phase only
local PHASE_CHANGE_ITERATION = 5  -- last iteration of the first phase
local SIZE = 10000
local EXPECT = { 495200, 500100 }

local iteration = 0  -- in-process iterations run so far
local data_by_phase = {}

local function make_data(phase)
  local data = {}
  for i = 1, SIZE do
    data[i] = i % 100
    if phase == 2 then data[i] = data[i] + 0.5 end
  end
  return data
end

local function reduce(data)
  local s = 0
  for i = 1, SIZE do
    local d = data[i]
    s = s + (d * 3) % 101
  end
  return s
end

function run_iter(n)
  iteration = iteration + 1
  local phase = 1
  if CONTROL or iteration > PHASE_CHANGE_ITERATION then phase = 2 end
  local data = data_by_phase[phase]
  if data == nil then
    data = make_data(phase)
    data_by_phase[phase] = data
  end
  for _ = 1, n do
    local r = reduce(data)
    if r ~= EXPECT[phase] then
      error(string.format("phase_int_float_flip: phase %d gave %.1f, expected %.1f",
                          phase, r, EXPECT[phase]))
    end
  end
end
