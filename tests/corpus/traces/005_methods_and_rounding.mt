-- Methods found through __index tables, stores into keys that were set to
-- nil in objects with a metatable, and math.floor/ceil in traces.
local Point = {}
Point.__index = Point
function Point.new(x, y) return setmetatable({x = x, y = y, tag = false}, Point) end
function Point:norm1() return math.abs(self.x) + math.abs(self.y) end
function Point:scale(k) self.x = self.x * k; self.y = self.y * k; return self end
local Special = setmetatable({}, {__index = Point})
Special.__index = Special
function Special:norm1() return 1000 end
local pts = {}
for i = 1, 50 do pts[i] = Point.new(i, -i) end
pts[25] = setmetatable({x = 1, y = 1}, Special)
local total = 0
for r = 1, 3 do
  for i = 1, #pts do
    local p = pts[i]
    total = total + p:norm1()
    p.tag = nil
    p.tag = i
    if r == 2 and i == 10 then Point.norm1 = function(self) return 7 end end
  end
end
print(total)
local logged = {}
local Watched = setmetatable({}, {__newindex = function(t, k, v) logged[#logged + 1] = k; rawset(t, k, v) end})
for i = 1, 30 do
  Watched.a = nil
  Watched.a = i
end
print(#logged)
local acc, acc2 = 0, 0
for i = 1, 200 do
  local f = i / 7
  acc = acc + math.floor(f) + math.ceil(-f) + math.floor(i)
  acc2 = acc2 + math.floor(f * 1e300)
end
print(acc, acc2, math.floor(2^62), math.floor(2^63), math.ceil(-0.5))
local nan = 0 / 0
local ok = pcall(function() for i = 1, 30 do local x = math.floor(i < 25 and i + 0.5 or nan) end end)
print(ok)
