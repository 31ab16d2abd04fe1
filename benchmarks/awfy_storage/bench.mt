-- awfy_storage: Are-We-Fast-Yet "Storage", written for this suite from the
-- AWFY algorithm: builds a tree of arrays of depth 7 with fan-out 4, whose
-- leaves are arrays of 1..10 slots sized by AWFY's Random; counts the
-- arrays created: 5461. run_iter(n) runs the benchmark n times and checks
-- every result.

local Random = {}
Random.__index = Random

function Random.new()
  return setmetatable({ seed = 74755 }, Random)
end

-- AWFY: seed = ((seed * 1309) + 13849) & 65535
function Random:next()
  self.seed = (self.seed * 1309 + 13849) % 65536
  return self.seed
end

-- An AWFY array of `size` empty slots: a table with n and nil-free contents.
local function new_array(size)
  local a = { n = size }
  for i = 1, size do a[i] = false end
  return a
end

local Storage = {}
Storage.__index = Storage

function Storage:build_tree_depth(depth, random)
  self.count = self.count + 1
  if depth == 1 then
    return new_array(random:next() % 10 + 1)
  end
  local arr = new_array(4)
  for i = 1, 4 do
    arr[i] = self:build_tree_depth(depth - 1, random)
  end
  return arr
end

function Storage:benchmark()
  local random = Random.new()
  self.count = 0
  self:build_tree_depth(7, random)
  return self.count
end

function Storage:verify_result(result)
  return result == 5461
end

function run_iter(n)
  local bench = setmetatable({}, Storage)
  for _ = 1, n do
    local r = bench:benchmark()
    if not bench:verify_result(r) then
      error(string.format("awfy_storage: result %d, expected 5461", r))
    end
  end
end
