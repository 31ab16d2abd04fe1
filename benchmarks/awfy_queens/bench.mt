-- awfy_queens: Are-We-Fast-Yet "Queens", written for this suite from the
-- AWFY algorithm: solves the 8-queens problem by backtracking ten times per
-- benchmark call; every solve must succeed, so the result is true.
-- run_iter(n) runs the benchmark n times and checks every result.

local Queens = {}
Queens.__index = Queens

local function filled(n, v)
  local a = {}
  for i = 1, n do a[i] = v end
  return a
end

-- Rows, columns and diagonals use AWFY's 0-based indices, stored at +1.
function Queens:get_row_column(r, c)
  return self.free_rows[r + 1] and self.free_maxs[c + r + 1]
         and self.free_mins[c - r + 8]
end

function Queens:set_row_column(r, c, v)
  self.free_rows[r + 1] = v
  self.free_maxs[c + r + 1] = v
  self.free_mins[c - r + 8] = v
end

function Queens:place_queen(c)
  for r = 0, 7 do
    if self:get_row_column(r, c) then
      self.queen_rows[r + 1] = c
      self:set_row_column(r, c, false)
      if c == 7 then return true end
      if self:place_queen(c + 1) then return true end
      self:set_row_column(r, c, true)
    end
  end
  return false
end

function Queens:queens()
  self.free_rows = filled(8, true)
  self.free_maxs = filled(16, true)
  self.free_mins = filled(16, true)
  self.queen_rows = filled(8, -1)
  return self:place_queen(0)
end

function Queens:benchmark()
  local result = true
  for _ = 1, 10 do
    result = result and self:queens()
  end
  return result
end

function Queens:verify_result(result)
  return result == true
end

function run_iter(n)
  local bench = setmetatable({}, Queens)
  for _ = 1, n do
    local r = bench:benchmark()
    if not bench:verify_result(r) then
      error("awfy_queens: result false, expected true")
    end
  end
end
