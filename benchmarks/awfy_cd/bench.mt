-- awfy_cd: Are-We-Fast-Yet "CD" (collision detection), written for this
-- suite from the AWFY algorithm and object structure: a simulator moves n
-- aircraft for 200 frames; a CollisionDetector keeps their positions in a
-- red-black tree, maps each motion onto 2x2 voxels (also red-black trees,
-- keyed by Vector2D), and intersects the motions that share a voxel.
-- run_iter(n) is AWFY's inner_benchmark_loop(n) with n aircraft and checks
-- the total number of collisions: 2 -> 42, 10 -> 390, 100 -> 4305,
-- 200 -> 8655, 250 -> 10830, 500 -> 14484, 1000 -> 14484; other n must
-- repeat the first iteration's result.

local KNOWN = { [2] = 42, [10] = 390, [100] = 4305, [200] = 8655,
                [250] = 10830, [500] = 14484, [1000] = 14484 }

local MIN_X, MIN_Y, MAX_X, MAX_Y = 0.0, 0.0, 1000.0, 1000.0
local MIN_Z, MAX_Z = 0.0, 10.0
local PROXIMITY_RADIUS = 1.0
local GOOD_VOXEL_SIZE = PROXIMITY_RADIUS * 2.0

---------------------------------------------------------------- som Vector
local Vector = {}
Vector.__index = Vector

function Vector.new()
  return setmetatable({ storage = {}, n = 0 }, Vector)
end

function Vector:append(elem)
  self.n = self.n + 1
  self.storage[self.n] = elem
end

function Vector:at(idx)  -- 0-based, as in AWFY
  return self.storage[idx + 1]
end

function Vector:size()
  return self.n
end

function Vector:each(fn)
  for i = 1, self.n do fn(self.storage[i]) end
end

------------------------------------------------------------ RedBlackTree
local RED, BLACK = "red", "black"

local Node = {}
Node.__index = Node

function Node.new(key, value)
  return setmetatable({ key = key, value = value, left = nil, right = nil,
                        parent = nil, color = RED }, Node)
end

local function tree_minimum(x)
  local current = x
  while current.left ~= nil do current = current.left end
  return current
end

function Node:successor()
  local x = self
  if x.right ~= nil then return tree_minimum(x.right) end
  local y = x.parent
  while y ~= nil and x == y.right do
    x = y
    y = y.parent
  end
  return y
end

local RedBlackTree = {}
RedBlackTree.__index = RedBlackTree

function RedBlackTree.new()
  return setmetatable({ root = nil }, RedBlackTree)
end

function RedBlackTree:left_rotate(x)
  local y = x.right
  x.right = y.left
  if y.left ~= nil then y.left.parent = x end
  y.parent = x.parent
  if x.parent == nil then
    self.root = y
  elseif x == x.parent.left then
    x.parent.left = y
  else
    x.parent.right = y
  end
  y.left = x
  x.parent = y
  return y
end

function RedBlackTree:right_rotate(y)
  local x = y.left
  y.left = x.right
  if x.right ~= nil then x.right.parent = y end
  x.parent = y.parent
  if y.parent == nil then
    self.root = x
  elseif y == y.parent.left then
    y.parent.left = x
  else
    y.parent.right = x
  end
  x.right = y
  y.parent = x
  return x
end

-- Returns the new node, or nil after replacing an existing key's value
-- (the old value then goes to self.old_value).
function RedBlackTree:tree_insert(key, value)
  local y = nil
  local x = self.root
  while x ~= nil do
    y = x
    local comparison = key:compare_to(x.key)
    if comparison < 0 then
      x = x.left
    elseif comparison > 0 then
      x = x.right
    else
      self.old_value = x.value
      x.value = value
      return nil
    end
  end
  local z = Node.new(key, value)
  z.parent = y
  if y == nil then
    self.root = z
  elseif key:compare_to(y.key) < 0 then
    y.left = z
  else
    y.right = z
  end
  return z
end

function RedBlackTree:put(key, value)
  local x = self:tree_insert(key, value)
  if x == nil then return self.old_value end
  while x ~= self.root and x.parent.color == RED do
    if x.parent == x.parent.parent.left then
      local y = x.parent.parent.right
      if y ~= nil and y.color == RED then
        x.parent.color = BLACK
        y.color = BLACK
        x.parent.parent.color = RED
        x = x.parent.parent
      else
        if x == x.parent.right then
          x = x.parent
          self:left_rotate(x)
        end
        x.parent.color = BLACK
        x.parent.parent.color = RED
        self:right_rotate(x.parent.parent)
      end
    else
      local y = x.parent.parent.left
      if y ~= nil and y.color == RED then
        x.parent.color = BLACK
        y.color = BLACK
        x.parent.parent.color = RED
        x = x.parent.parent
      else
        if x == x.parent.left then
          x = x.parent
          self:right_rotate(x)
        end
        x.parent.color = BLACK
        x.parent.parent.color = RED
        self:left_rotate(x.parent.parent)
      end
    end
  end
  self.root.color = BLACK
  return nil
end

function RedBlackTree:find_node(key)
  local current = self.root
  while current ~= nil do
    local comparison = key:compare_to(current.key)
    if comparison == 0 then return current end
    if comparison < 0 then current = current.left
    else current = current.right end
  end
  return nil
end

function RedBlackTree:get(key)
  local node = self:find_node(key)
  if node == nil then return nil end
  return node.value
end

local function is_black(n)
  return n == nil or n.color == BLACK
end

function RedBlackTree:remove_fixup(x, x_parent)
  while x ~= self.root and is_black(x) do
    if x == x_parent.left then
      local w = x_parent.right
      if w.color == RED then
        w.color = BLACK
        x_parent.color = RED
        self:left_rotate(x_parent)
        w = x_parent.right
      end
      if is_black(w.left) and is_black(w.right) then
        w.color = RED
        x = x_parent
        x_parent = x.parent
      else
        if is_black(w.right) then
          w.left.color = BLACK
          w.color = RED
          self:right_rotate(w)
          w = x_parent.right
        end
        w.color = x_parent.color
        x_parent.color = BLACK
        if w.right ~= nil then w.right.color = BLACK end
        self:left_rotate(x_parent)
        x = self.root
        x_parent = x.parent
      end
    else
      local w = x_parent.left
      if w.color == RED then
        w.color = BLACK
        x_parent.color = RED
        self:right_rotate(x_parent)
        w = x_parent.left
      end
      if is_black(w.right) and is_black(w.left) then
        w.color = RED
        x = x_parent
        x_parent = x.parent
      else
        if is_black(w.left) then
          w.right.color = BLACK
          w.color = RED
          self:left_rotate(w)
          w = x_parent.left
        end
        w.color = x_parent.color
        x_parent.color = BLACK
        if w.left ~= nil then w.left.color = BLACK end
        self:right_rotate(x_parent)
        x = self.root
        x_parent = x.parent
      end
    end
  end
  if x ~= nil then x.color = BLACK end
end

function RedBlackTree:remove(key)
  local z = self:find_node(key)
  if z == nil then return nil end
  local y = z
  if z.left ~= nil and z.right ~= nil then y = z:successor() end
  local x = y.left
  if x == nil then x = y.right end
  local x_parent
  if x ~= nil then
    x.parent = y.parent
    x_parent = x.parent
  else
    x_parent = y.parent
  end
  if y.parent == nil then
    self.root = x
  elseif y == y.parent.left then
    y.parent.left = x
  else
    y.parent.right = x
  end
  if y ~= z then
    if y.color == BLACK then self:remove_fixup(x, x_parent) end
    y.parent = z.parent
    y.color = z.color
    y.left = z.left
    y.right = z.right
    if z.left ~= nil then z.left.parent = y end
    if z.right ~= nil then z.right.parent = y end
    if z.parent ~= nil then
      if z.parent.left == z then z.parent.left = y
      else z.parent.right = y end
    else
      self.root = y
    end
  elseif y.color == BLACK then
    self:remove_fixup(x, x_parent)
  end
  return z.value
end

-- Calls fn(key, value) in key order.
function RedBlackTree:each(fn)
  if self.root == nil then return end
  local current = tree_minimum(self.root)
  while current ~= nil do
    fn(current.key, current.value)
    current = current:successor()
  end
end

------------------------------------------------------------------ vectors
local function compare_numbers(a, b)
  if a == b then return 0 end
  if a < b then return -1 end
  if a > b then return 1 end
  if a == a then return 1 end  -- b is NaN
  return -1
end

local Vector2D = {}
Vector2D.__index = Vector2D

function Vector2D.new(x, y)
  return setmetatable({ x = x, y = y }, Vector2D)
end

function Vector2D:plus(other)
  return Vector2D.new(self.x + other.x, self.y + other.y)
end

function Vector2D:minus(other)
  return Vector2D.new(self.x - other.x, self.y - other.y)
end

function Vector2D:compare_to(other)
  local result = compare_numbers(self.x, other.x)
  if result ~= 0 then return result end
  return compare_numbers(self.y, other.y)
end

local Vector3D = {}
Vector3D.__index = Vector3D

function Vector3D.new(x, y, z)
  return setmetatable({ x = x, y = y, z = z }, Vector3D)
end

function Vector3D:plus(other)
  return Vector3D.new(self.x + other.x, self.y + other.y, self.z + other.z)
end

function Vector3D:minus(other)
  return Vector3D.new(self.x - other.x, self.y - other.y, self.z - other.z)
end

function Vector3D:dot(other)
  return self.x * other.x + self.y * other.y + self.z * other.z
end

function Vector3D:squared_magnitude()
  return self:dot(self)
end

function Vector3D:magnitude()
  return math.sqrt(self:squared_magnitude())
end

function Vector3D:times(amount)
  return Vector3D.new(self.x * amount, self.y * amount, self.z * amount)
end

----------------------------------------------------- aircraft and motions
local CallSign = {}
CallSign.__index = CallSign

function CallSign.new(value)
  return setmetatable({ value = value }, CallSign)
end

function CallSign:compare_to(other)
  if self.value == other.value then return 0 end
  if self.value < other.value then return -1 end
  return 1
end

local Aircraft = {}
Aircraft.__index = Aircraft

function Aircraft.new(callsign, position)
  return setmetatable({ callsign = callsign, position = position }, Aircraft)
end

local Collision = {}
Collision.__index = Collision

function Collision.new(aircraft_a, aircraft_b, position)
  return setmetatable({ aircraft_a = aircraft_a, aircraft_b = aircraft_b,
                        position = position }, Collision)
end

local Motion = {}
Motion.__index = Motion

function Motion.new(callsign, pos_one, pos_two)
  return setmetatable({ callsign = callsign, pos_one = pos_one,
                        pos_two = pos_two }, Motion)
end

function Motion:delta()
  return self.pos_two:minus(self.pos_one)
end

local function in_bounds(p)
  return p.x >= MIN_X and p.x <= MAX_X and p.y >= MIN_Y and p.y <= MAX_Y
         and p.z >= MIN_Z and p.z <= MAX_Z
end

function Motion:find_intersection(other)
  local init1 = self.pos_one
  local init2 = other.pos_one
  local vec1 = self:delta()
  local vec2 = other:delta()
  local radius = PROXIMITY_RADIUS
  local a = vec2:minus(vec1):squared_magnitude()
  if a ~= 0.0 then
    local b = 2.0 * init1:minus(init2):dot(vec1:minus(vec2))
    local c = -radius * radius + init2:minus(init1):squared_magnitude()
    local discr = b * b - 4.0 * a * c
    if discr < 0.0 then return nil end
    local v1 = (-b - math.sqrt(discr)) / (2.0 * a)
    local v2 = (-b + math.sqrt(discr)) / (2.0 * a)
    if v1 <= v2 and ((v1 <= 1.0 and 1.0 <= v2) or (v1 <= 0.0 and 0.0 <= v2)
                     or (0.0 <= v1 and v2 <= 1.0)) then
      -- Report the collision at the start of the frame if it began before.
      local v = v1
      if v1 <= 0.0 then v = 0.0 end
      local result1 = init1:plus(vec1:times(v))
      local result2 = init2:plus(vec2:times(v))
      local result = result1:plus(result2):times(0.5)
      if in_bounds(result) then return result end
    end
    return nil
  end
  local dist = init2:minus(init1):magnitude()
  if dist <= radius then return init1:plus(init2):times(0.5) end
  return nil
end

--------------------------------------------------------------- Simulator
local Simulator = {}
Simulator.__index = Simulator

function Simulator.new(num_aircraft)
  local aircraft = Vector.new()
  for i = 0, num_aircraft - 1 do aircraft:append(CallSign.new(i)) end
  return setmetatable({ aircraft = aircraft }, Simulator)
end

function Simulator:simulate(time)
  local frame = Vector.new()
  for i = 0, self.aircraft:size() - 1, 2 do
    frame:append(Aircraft.new(self.aircraft:at(i),
      Vector3D.new(time, math.cos(time) * 2 + i * 3, 10.0)))
    frame:append(Aircraft.new(self.aircraft:at(i + 1),
      Vector3D.new(time, math.sin(time) * 2 + i * 3, 10.0)))
  end
  return frame
end

------------------------------------------------------- CollisionDetector
local HORIZONTAL = Vector2D.new(GOOD_VOXEL_SIZE, 0.0)
local VERTICAL = Vector2D.new(0.0, GOOD_VOXEL_SIZE)

-- Java's (int) cast: truncation toward zero.
local function truncate(x)
  if x >= 0 then return math.floor(x) end
  return -math.floor(-x)
end

local CollisionDetector = {}
CollisionDetector.__index = CollisionDetector

function CollisionDetector.new()
  return setmetatable({ state = RedBlackTree.new() }, CollisionDetector)
end

function CollisionDetector:handle_new_frame(frame)
  local motions = Vector.new()
  local seen = RedBlackTree.new()
  local state = self.state
  frame:each(function(aircraft)
    local old_position = state:put(aircraft.callsign, aircraft.position)
    local new_position = aircraft.position
    seen:put(aircraft.callsign, true)
    if old_position == nil then
      -- Newly introduced aircraft are treated as stationary.
      old_position = new_position
    end
    motions:append(Motion.new(aircraft.callsign, old_position, new_position))
  end)

  -- Remove aircraft that are no longer present.
  local to_remove = Vector.new()
  state:each(function(key, value)
    if seen:get(key) == nil then to_remove:append(key) end
  end)
  to_remove:each(function(key) state:remove(key) end)

  local all_reduced = self:reduce_collision_set(motions)
  local collisions = Vector.new()
  all_reduced:each(function(reduced)
    for i = 0, reduced:size() - 1 do
      local motion1 = reduced:at(i)
      for j = i + 1, reduced:size() - 1 do
        local motion2 = reduced:at(j)
        local collision = motion1:find_intersection(motion2)
        if collision ~= nil then
          collisions:append(Collision.new(motion1.callsign, motion2.callsign,
                                          collision))
        end
      end
    end
  end)
  return collisions
end

function CollisionDetector:is_in_voxel(voxel, motion)
  if voxel.x > MAX_X or voxel.x < MIN_X or voxel.y > MAX_Y
     or voxel.y < MIN_Y then
    return false
  end
  local init = motion.pos_one
  local fin = motion.pos_two
  local v_s = GOOD_VOXEL_SIZE
  local r = PROXIMITY_RADIUS / 2.0
  local v_x, x0, xv = voxel.x, init.x, fin.x - init.x
  local v_y, y0, yv = voxel.y, init.y, fin.y - init.y
  -- Division by a zero velocity is only used when xv (yv) is non-zero.
  local low_x, high_x, low_y, high_y = 0.0, 0.0, 0.0, 0.0
  if xv ~= 0.0 then
    low_x = (v_x - r - x0) / xv
    high_x = (v_x + v_s + r - x0) / xv
    if xv < 0.0 then low_x, high_x = high_x, low_x end
  end
  if yv ~= 0.0 then
    low_y = (v_y - r - y0) / yv
    high_y = (v_y + v_s + r - y0) / yv
    if yv < 0.0 then low_y, high_y = high_y, low_y end
  end
  local x_ok = (xv == 0.0 and v_x <= x0 + r and x0 - r <= v_x + v_s)
    or (xv ~= 0.0 and ((low_x <= 1.0 and 1.0 <= high_x)
                       or (low_x <= 0.0 and 0.0 <= high_x)
                       or (0.0 <= low_x and high_x <= 1.0)))
  if not x_ok then return false end
  return (yv == 0.0 and v_y <= y0 + r and y0 - r <= v_y + v_s)
    or (yv ~= 0.0 and ((low_y <= 1.0 and 1.0 <= high_y)
                       or (low_y <= 0.0 and 0.0 <= high_y)
                       or (0.0 <= low_y and high_y <= 1.0)))
end

function CollisionDetector:put_into_map(voxel_map, voxel, motion)
  local array = voxel_map:get(voxel)
  if array == nil then
    array = Vector.new()
    voxel_map:put(voxel, array)
  end
  array:append(motion)
end

function CollisionDetector:recurse(voxel_map, seen, next_voxel, motion)
  if not self:is_in_voxel(next_voxel, motion) then return end
  if seen:put(next_voxel, true) == true then return end
  self:put_into_map(voxel_map, next_voxel, motion)
  self:recurse(voxel_map, seen, next_voxel:minus(HORIZONTAL), motion)
  self:recurse(voxel_map, seen, next_voxel:plus(HORIZONTAL), motion)
  self:recurse(voxel_map, seen, next_voxel:minus(VERTICAL), motion)
  self:recurse(voxel_map, seen, next_voxel:plus(VERTICAL), motion)
  self:recurse(voxel_map, seen,
               next_voxel:minus(HORIZONTAL):minus(VERTICAL), motion)
  self:recurse(voxel_map, seen,
               next_voxel:minus(HORIZONTAL):plus(VERTICAL), motion)
  self:recurse(voxel_map, seen,
               next_voxel:plus(HORIZONTAL):minus(VERTICAL), motion)
  self:recurse(voxel_map, seen,
               next_voxel:plus(HORIZONTAL):plus(VERTICAL), motion)
end

function CollisionDetector:voxel_hash(position)
  local x_div = truncate(position.x / GOOD_VOXEL_SIZE)
  local y_div = truncate(position.y / GOOD_VOXEL_SIZE)
  local x = GOOD_VOXEL_SIZE * x_div
  local y = GOOD_VOXEL_SIZE * y_div
  if position.x < 0 then x = x - GOOD_VOXEL_SIZE end
  if position.y < 0 then y = y - GOOD_VOXEL_SIZE end
  return Vector2D.new(x, y)
end

function CollisionDetector:draw_motion_on_voxel_map(voxel_map, motion)
  local seen = RedBlackTree.new()
  self:recurse(voxel_map, seen, self:voxel_hash(motion.pos_one), motion)
end

function CollisionDetector:reduce_collision_set(motions)
  local voxel_map = RedBlackTree.new()
  motions:each(function(motion)
    self:draw_motion_on_voxel_map(voxel_map, motion)
  end)
  local result = Vector.new()
  voxel_map:each(function(key, value)
    if value:size() > 1 then result:append(value) end
  end)
  return result
end

---------------------------------------------------------------- benchmark
local function benchmark(num_aircraft)
  local num_frames = 200
  local simulator = Simulator.new(num_aircraft)
  local detector = CollisionDetector.new()
  local actual_collisions = 0
  for i = 0, num_frames - 1 do
    local time = i / 10.0
    local collisions = detector:handle_new_frame(simulator:simulate(time))
    actual_collisions = actual_collisions + collisions:size()
  end
  return actual_collisions
end

local first_result = nil

function run_iter(n)
  local r = benchmark(n)
  local expected = KNOWN[n]
  if expected == nil then
    if first_result == nil then first_result = r end
    expected = first_result
  end
  if r ~= expected then
    error(string.format("awfy_cd: %d aircraft gave %d collisions, expected %d",
                        n, r, expected))
  end
end
