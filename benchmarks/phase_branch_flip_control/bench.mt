-- phase_branch_flip (research/benchmarks.md §5.4 S1): branch-bias flip.
-- One loop with a two-way branch on `mode`. In-process iterations 1..5 (of
-- this process) run mode 1 only, every later iteration mode 2 only, so the
-- path taken first becomes the rare one. Work per iteration is n times the
-- same 100000-step loop in both phases.
-- Control (phase_branch_flip_control, identical apart from CONTROL = true):
-- runs mode 2 from the first iteration.
-- Self-check per repetition: mode 1 sums i % 7, mode 2 subtracts i % 5, for
-- i = 1..100000: 300000 and -200000.

local CONTROL = true  -- control: second phase only
local PHASE_CHANGE_ITERATION = 5  -- last iteration of the first phase
local STEPS = 100000
local EXPECT = { 300000, -200000 }

local iteration = 0  -- in-process iterations run so far

local function kernel(mode, steps)
  local acc = 0
  for i = 1, steps do
    if mode == 1 then
      acc = acc + i % 7
    else
      acc = acc - i % 5
    end
  end
  return acc
end

function run_iter(n)
  iteration = iteration + 1
  local mode = 1
  if CONTROL or iteration > PHASE_CHANGE_ITERATION then mode = 2 end
  for _ = 1, n do
    local r = kernel(mode, STEPS)
    if r ~= EXPECT[mode] then
      error(string.format("phase_branch_flip: mode %d gave %d, expected %d",
                          mode, r, EXPECT[mode]))
    end
  end
end
