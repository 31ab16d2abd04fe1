-- fannkuch_redux (warmup experiment, L0 port written from the CLBG
-- algorithm). For every permutation of 1..N, in the benchmark game's order
-- (rotate the first i+1 elements left, counting level i from i down to 0),
-- count the prefix reversals until 1 comes first. The checksum adds the flip
-- counts with alternating sign (+ for even permutation index). For N = 8 the
-- checksum is 1616 and the maximum flip count 22. run_iter(n) repeats the
-- kernel n times and checks each repetition.

local N = 8
local EXPECT_CKSUM = 1616
local EXPECT_MAXFLIPS = 22

local function count_flips(perm, work, n)
  local first = perm[1]
  if first == 1 then return 0 end
  for i = 1, n do work[i] = perm[i] end
  local flips = 0
  while first ~= 1 do
    -- reverse work[1..first]
    local i, j = 1, first
    while i < j do
      work[i], work[j] = work[j], work[i]
      i = i + 1
      j = j - 1
    end
    flips = flips + 1
    first = work[1]
  end
  return flips
end

-- Results go into `result` (L0 has no multiple returns).
local function fannkuch(n, result)
  local perm, work, count = {}, {}, {}
  for i = 1, n do perm[i] = i; count[i] = i - 1 end
  local checksum, maxflips, index = 0, 0, 0
  while true do
    local flips = count_flips(perm, work, n)
    if index % 2 == 0 then checksum = checksum + flips
    else checksum = checksum - flips end
    if flips > maxflips then maxflips = flips end
    index = index + 1
    -- next permutation: rotate prefix perm[1..level+1] left by one
    local level = 1
    while true do
      if level >= n then
        result.checksum = checksum
        result.maxflips = maxflips
        return
      end
      local t = perm[1]
      for k = 1, level do perm[k] = perm[k + 1] end
      perm[level + 1] = t
      local c = count[level + 1]
      if c > 0 then
        count[level + 1] = c - 1
        break
      end
      count[level + 1] = level
      level = level + 1
    end
  end
end

function run_iter(n)
  for _ = 1, n do
    local result = {}
    fannkuch(N, result)
    local checksum, maxflips = result.checksum, result.maxflips
    if checksum ~= EXPECT_CKSUM or maxflips ~= EXPECT_MAXFLIPS then
      error(string.format("fannkuch_redux: checksum %d maxflips %d, expected %d %d",
                          checksum, maxflips, EXPECT_CKSUM, EXPECT_MAXFLIPS))
    end
  end
end
