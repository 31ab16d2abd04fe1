-- awfy_bounce: Are-We-Fast-Yet "Bounce", written for this suite from the
-- AWFY algorithm as one file without bit operations. 100 balls with positions
-- and velocities drawn from AWFY's Random bounce in a 500x500 box for 50
-- steps; the benchmark returns the number of bounces, 1331.
-- run_iter(n) runs the benchmark n times (AWFY's inner iterations) and checks
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

local Ball = {}
Ball.__index = Ball

function Ball.new(random)
  return setmetatable({
    x = random:next() % 500,
    y = random:next() % 500,
    x_vel = (random:next() % 300) - 150,
    y_vel = (random:next() % 300) - 150,
  }, Ball)
end

function Ball:bounce()
  local x_limit, y_limit = 500, 500
  local bounced = false
  self.x = self.x + self.x_vel
  self.y = self.y + self.y_vel
  if self.x > x_limit then
    self.x = x_limit
    self.x_vel = 0 - math.abs(self.x_vel)
    bounced = true
  end
  if self.x < 0 then
    self.x = 0
    self.x_vel = math.abs(self.x_vel)
    bounced = true
  end
  if self.y > y_limit then
    self.y = y_limit
    self.y_vel = 0 - math.abs(self.y_vel)
    bounced = true
  end
  if self.y < 0 then
    self.y = 0
    self.y_vel = math.abs(self.y_vel)
    bounced = true
  end
  return bounced
end

local Bounce = {}
Bounce.__index = Bounce

function Bounce:benchmark()
  local random = Random.new()
  local ball_count = 100
  local bounces = 0
  local balls = {}
  for i = 1, ball_count do balls[i] = Ball.new(random) end
  for _ = 1, 50 do
    for i = 1, ball_count do
      if balls[i]:bounce() then bounces = bounces + 1 end
    end
  end
  return bounces
end

function Bounce:verify_result(result)
  return result == 1331
end

function run_iter(n)
  local bench = setmetatable({}, Bounce)
  for _ = 1, n do
    local r = bench:benchmark()
    if not bench:verify_result(r) then
      error(string.format("awfy_bounce: result %d, expected 1331", r))
    end
  end
end
