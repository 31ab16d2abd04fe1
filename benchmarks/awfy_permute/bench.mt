-- awfy_permute: Are-We-Fast-Yet "Permute", written for this suite from the
-- AWFY algorithm: recursively generates all permutations of a 6-element
-- array by swapping, counting calls of permute: 8660.
-- run_iter(n) runs the benchmark n times and checks every result.

local Permute = {}
Permute.__index = Permute

function Permute:swap(i, j)
  local v = self.v
  local tmp = v[i]
  v[i] = v[j]
  v[j] = tmp
end

-- Indices are AWFY's 0-based ones; the array is stored at index + 1.
function Permute:permute(n)
  self.count = self.count + 1
  if n ~= 0 then
    local n1 = n - 1
    self:permute(n1)
    for i = n1, 0, -1 do
      self:swap(n1 + 1, i + 1)
      self:permute(n1)
      self:swap(n1 + 1, i + 1)
    end
  end
end

function Permute:benchmark()
  self.count = 0
  self.v = { 0, 0, 0, 0, 0, 0 }
  self:permute(6)
  return self.count
end

function Permute:verify_result(result)
  return result == 8660
end

function run_iter(n)
  local bench = setmetatable({}, Permute)
  for _ = 1, n do
    local r = bench:benchmark()
    if not bench:verify_result(r) then
      error(string.format("awfy_permute: result %d, expected 8660", r))
    end
  end
end
