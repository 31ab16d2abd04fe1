-- awfy_towers: Are-We-Fast-Yet "Towers", written for this suite from the
-- AWFY algorithm: Towers of Hanoi with 13 disks on linked stacks, moving the
-- tower from pile 0 to pile 1; counts the moves: 8191.
-- run_iter(n) runs the benchmark n times and checks every result.

local Disk = {}
Disk.__index = Disk

function Disk.new(size)
  return setmetatable({ size = size, next = nil }, Disk)
end

local Towers = {}
Towers.__index = Towers

-- Piles use AWFY's indices 0..2, stored at +1.
function Towers:push_disk(disk, pile)
  local top = self.piles[pile + 1]
  if top ~= nil and disk.size >= top.size then
    error("Cannot put a big disk on a smaller one")
  end
  disk.next = top
  self.piles[pile + 1] = disk
end

function Towers:pop_disk_from(pile)
  local top = self.piles[pile + 1]
  if top == nil then
    error("Attempting to remove a disk from an empty pile")
  end
  self.piles[pile + 1] = top.next
  top.next = nil
  return top
end

function Towers:move_top_disk(from_pile, to_pile)
  self:push_disk(self:pop_disk_from(from_pile), to_pile)
  self.moves_done = self.moves_done + 1
end

function Towers:build_tower_at(pile, disks)
  for i = disks, 0, -1 do
    self:push_disk(Disk.new(i), pile)
  end
end

function Towers:move_disks(disks, from_pile, to_pile)
  if disks == 1 then
    self:move_top_disk(from_pile, to_pile)
  else
    local other_pile = 3 - from_pile - to_pile
    self:move_disks(disks - 1, from_pile, other_pile)
    self:move_top_disk(from_pile, to_pile)
    self:move_disks(disks - 1, other_pile, to_pile)
  end
end

function Towers:benchmark()
  self.piles = {}
  self:build_tower_at(0, 13)
  self.moves_done = 0
  self:move_disks(13, 0, 1)
  return self.moves_done
end

function Towers:verify_result(result)
  return result == 8191
end

function run_iter(n)
  local bench = setmetatable({}, Towers)
  for _ = 1, n do
    local r = bench:benchmark()
    if not bench:verify_result(r) then
      error(string.format("awfy_towers: result %d, expected 8191", r))
    end
  end
end
