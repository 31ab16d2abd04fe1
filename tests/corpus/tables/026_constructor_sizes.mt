-- Constructors of every size around the limits of the array part that a
-- table is created with (inline up to 12 slots, SETLIST batches of 50),
-- with open calls and varargs last, hash fields mixed in, then grown past
-- and shrunk below their initial sizes.
local function show(t)
  local parts = {}
  for i, v in ipairs(t) do parts[#parts + 1] = tostring(v) end
  print(#t, table.concat(parts, ","))
end

local function many(n)
  local r = {}
  for i = 1, n do r[i] = i * 10 end
  return table.unpack(r)
end

local function pack(...) return {...} end
local function pack_mixed(...) return {"a", "b", n = select("#", ...), ...} end

show({})
show({1})
show({1, 2, 3})
show({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
show({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
show({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
show({many(3)})
show({0, many(11)})
show({0, many(12)})
show({0, many(13)})
show({many(49)})
show({many(50)})
show({many(51)})
show({0, many(120)})
show({many(0)})
show({1, 2, many(0)})
show({(many(5))})
show(pack())
show(pack(1, 2, 3))
show(pack(many(30)))
local m = pack_mixed(7, 8, 9)
show(m)
print(m.n)

-- 60 literal items: two SETLIST batches, the second one partial
local sixty = {
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
  21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
  41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60,
}
print(#sixty, sixty[1], sixty[50], sixty[51], sixty[60])

-- hash fields between list items, and explicit keys the list overwrites
local mixed = {x = 1, 10, y = 2, 20, [3] = "three", 30, z = {1, 2}, 40}
print(#mixed, mixed[1], mixed[2], mixed[3], mixed[4], mixed.x, mixed.y, #mixed.z)

-- nested constructors
local tree = {1, {2, {3, {4}}, {5}}, {6}}
print(#tree, tree[2][2][2][1], tree[2][3][1], tree[3][1])

-- grown past and shrunk below the created size
local g = {1, 2, 3}
for i = 4, 40 do g[i] = i end
show(g)
for i = 40, 3, -1 do g[i] = nil end
show(g)
g[3] = "back"
show(g)
local h = {1, 2, 3, 4}
h[2] = nil
print(h[1], h[2], h[3], h[4])
h.key = "v"
for i = 5, 20 do h[i] = i end
print(h[1], h[3], h[20], h.key)

-- library functions on small created tables
local s = {5, 6, 7}
table.insert(s, 8)
table.insert(s, 1, 4)
show(s)
print(table.remove(s), table.remove(s, 1))
show(s)
table.sort(s, function(a, b) return a > b end)
show(s)
print(select("#", table.unpack({1, nil, 3})))
local p = table.pack(1, nil, 3)
print(p.n, p[1], p[2], p[3])

-- many small tables that die young, some kept
local keep = {}
for i = 1, 20000 do
  local t = {i, i + 1, {i}}
  if i % 1000 == 0 then keep[#keep + 1] = t end
end
local sum = 0
for _, t in ipairs(keep) do sum = sum + t[1] + t[2] + t[3][1] end
print(#keep, sum)
