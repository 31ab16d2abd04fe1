-- math.sqrt inside traces is the sqrtsd instruction: it must give what C's
-- sqrt gives for every kind of argument (negative numbers give a NaN,
-- -0.0 stays -0.0, integers are converted first).

local values = { 4, 2, 0, -0.0, 0.25, 1e308, 1e-310, -1, -4.5, 1/0, -1/0, 17, 2^53 + 1 }
local sqrt = math.sqrt

local function run()
  local lines = {}
  for round = 1, 3 do
    for i = 1, #values do
      local v = values[i]
      local r = sqrt(v)
      if round == 3 then lines[#lines + 1] = string.format("%s -> %.17g", tostring(v), r) end
    end
  end
  print(table.concat(lines, "\n"))
  -- sqrt feeding more float work, and a loop-invariant one
  local acc, k = 0.0, 10
  for i = 1, 200 do
    acc = acc + sqrt(i) * sqrt(k) - sqrt(i * 0.5)
  end
  print(string.format("%.12f", acc))
end

run()
