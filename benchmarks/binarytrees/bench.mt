-- binarytrees (warmup experiment, L0 port written from the CLBG algorithm).
-- One repetition: a stretch tree of depth MAX_DEPTH+1, a long-lived tree of
-- depth MAX_DEPTH, and 2^(MAX_DEPTH-d+MIN_DEPTH) pairs of trees of depth d for
-- d = MIN_DEPTH, MIN_DEPTH+2, ..., MAX_DEPTH. The summed item checks are
-- -10914 for every repetition; run_iter(n) repeats the kernel n times and
-- checks each repetition.

local MIN_DEPTH = 4
local MAX_DEPTH = 12
local EXPECT_CKSUM = -10914

-- A node is {item, left, right}; a leaf is {item} (told apart by #node).
local function bottom_up_tree(item, depth)
  if depth > 0 then
    local i = item + item
    local d = depth - 1
    local left, right = bottom_up_tree(i - 1, d), bottom_up_tree(i, d)
    return { item, left, right }
  else
    return { item }
  end
end

local function item_check(tree)
  if #tree == 3 then
    return tree[1] + item_check(tree[2]) - item_check(tree[3])
  else
    return tree[1]
  end
end

local function one_repetition()
  local check = item_check(bottom_up_tree(0, MAX_DEPTH + 1))
  local long_lived = bottom_up_tree(0, MAX_DEPTH)
  for depth = MIN_DEPTH, MAX_DEPTH, 2 do
    local iterations = 2 ^ (MAX_DEPTH - depth + MIN_DEPTH)
    for _ = 1, iterations do
      check = check + item_check(bottom_up_tree(1, depth))
                    + item_check(bottom_up_tree(-1, depth))
    end
  end
  return check + item_check(long_lived)
end

function run_iter(n)
  for _ = 1, n do
    local check = one_repetition()
    if check ~= EXPECT_CKSUM then
      error(string.format("binarytrees: checksum %d, expected %d",
                          check, EXPECT_CKSUM))
    end
  end
end
