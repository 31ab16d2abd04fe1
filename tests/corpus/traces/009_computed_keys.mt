-- Tables indexed by computed string keys (obj[name]) and fields missing
-- from an object and its class: a trace specialises on the key it saw and
-- must leave when another key, another kind of key, or another shape of
-- class comes along.

local Shape = {}
Shape.__index = Shape
function Shape.area(s) return s.w * s.h end
function Shape.perimeter(s) return 2 * (s.w + s.h) end
function Shape.double(s) return Shape.area(s) * 2 end

-- Dispatch through a name that changes every few iterations.
local function dispatch()
  local names = { "area", "perimeter", "double" }
  local s = setmetatable({ w = 3, h = 4 }, Shape)
  local total = 0
  for i = 1, 90 do
    local name = names[(i // 7) % 3 + 1]
    total = total + s[name](s)
  end
  print("dispatch", total)
end

-- Keys of every kind in one loop: strings, integers, floats that are
-- integers, other floats, booleans, tables; present and absent.
local function mixed_keys()
  local k = {}
  local t = { alpha = 1, beta = 2, [1] = 10, [2] = 20, [2.5] = 25, [true] = 99 }
  t[k] = 7
  local keys = { "alpha", "beta", "gamma", 1, 2, 2.0, 2.5, true, false, k, {} }
  local sum, misses = 0, 0
  for round = 1, 20 do
    for i = 1, #keys do
      local v = t[keys[(i + round) % #keys + 1]]
      if v == nil then misses = misses + 1 else sum = sum + v end
    end
  end
  print("mixed", sum, misses)
end

-- Fields not set yet are nil whether the class has a metatable or not;
-- a class with its own __index (inheritance) goes one level further.
local Base = { kind = "base", greet = function() return "hello" end }
Base.__index = Base
local Derived = setmetatable({ kind = "derived" }, Base)
Derived.__index = Derived

local function missing_fields()
  local plain = setmetatable({}, Base)
  local child = setmetatable({}, Derived)
  local found, absent = 0, 0
  for i = 1, 40 do
    local o = i % 3 == 0 and child or plain
    if o.colour == nil then absent = absent + 1 end
    if o.greet ~= nil then found = found + 1 end
    local key = i % 2 == 0 and "kind" or "size"
    local v = o[key]
    if v ~= nil then found = found + #v end
    if i == 30 then plain.colour = "red" end
  end
  print("missing", found, absent)
end

-- The same name built at run time is another string object but an equal
-- key; an __index function instead of a table takes the slow path.
local function built_names()
  local t = { ab = 5, cd = 6 }
  local viaf = setmetatable({}, { __index = function(_, key) return #key end })
  local acc = 0
  for i = 1, 50 do
    local name = (i % 2 == 0 and "a" or "c") .. (i % 2 == 0 and "b" or "d")
    acc = acc + t[name] + viaf[name .. name]
    if i == 25 then t.ab = 50 end
  end
  print("built", acc)
end

-- Errors from a computed index keep their message.
local function index_errors()
  local objs = { { x = 1 }, { x = 2 }, 5 }
  local ok_count = 0
  for i = 1, 3 do
    local ok, err = pcall(function() return objs[i]["x"] end)
    if ok then ok_count = ok_count + 1 else print("error", err) end
  end
  print("errors", ok_count)
end

dispatch()
mixed_keys()
missing_fields()
built_names()
index_errors()
