-- phase_poly_growth (research/benchmarks.md §5.4 S2): polymorphism growth at
-- one call site. A loop calls shape:area() over an array of 1000 shapes. In
-- in-process iterations 1..5 every shape is a Square (monomorphic site);
-- from iteration 6 on the array holds Squares, Rects, Crosses and Frames in
-- turn (4 classes at the same site). Same number of calls per iteration.
-- Control (phase_poly_growth_control, identical apart from CONTROL = true):
-- the 4-class array from the first iteration.
-- Self-check per repetition: the summed areas, 64500 and 103510.

local CONTROL = false
local PHASE_CHANGE_ITERATION = 5  -- last iteration of the first phase
local SHAPES = 1000
local EXPECT = { 64500, 103510 }

local iteration = 0  -- in-process iterations run so far

local Square = {}
Square.__index = Square
function Square:area() return self.w * self.w end

local Rect = {}
Rect.__index = Rect
function Rect:area() return self.w * self.h end

local Cross = {}
Cross.__index = Cross
function Cross:area() return 5 * self.w * self.w end

local Frame = {}
Frame.__index = Frame
function Frame:area() return self.w * self.h - (self.w - 2) * (self.h - 2) end

local CLASSES = { Square, Rect, Cross, Frame }

-- Shape i has w = i % 10 + 3 and h = i % 7 + 3; its class is Square in
-- phase 1 and CLASSES[i % 4 + 1] in phase 2.
local function make_shapes(phase)
  local shapes = {}
  for i = 1, SHAPES do
    local class = Square
    if phase == 2 then class = CLASSES[i % 4 + 1] end
    shapes[i] = setmetatable({ w = i % 10 + 3, h = i % 7 + 3 }, class)
  end
  return shapes
end

local shapes_by_phase = {}

local function total_area(shapes)
  local sum = 0
  for i = 1, #shapes do sum = sum + shapes[i]:area() end
  return sum
end

function run_iter(n)
  iteration = iteration + 1
  local phase = 1
  if CONTROL or iteration > PHASE_CHANGE_ITERATION then phase = 2 end
  local shapes = shapes_by_phase[phase]
  if shapes == nil then
    shapes = make_shapes(phase)
    shapes_by_phase[phase] = shapes
  end
  for _ = 1, n do
    local r = total_area(shapes)
    if r ~= EXPECT[phase] then
      error(string.format("phase_poly_growth: phase %d gave %d, expected %d",
                          phase, r, EXPECT[phase]))
    end
  end
end
