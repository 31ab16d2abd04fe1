-- Nested loops: inner loops traced while the outer ones run around them,
-- with early exits, changing trip counts and float loops.
local grid = {}
for i = 1, 40 do
  local row = {}
  for j = 1, i do row[j] = i * j end
  grid[i] = row
end
local sum = 0
for i = 1, #grid do
  local row = grid[i]
  for j = 1, #row do
    sum = sum + row[j]
    if row[j] > 1000 then break end
  end
end
print(sum)
local acc = 0
for i = 10, 1, -1 do
  for j = i, 20, 3 do acc = acc + i * j end
  for x = 0.5, 3, 0.25 do acc = acc + x end
end
print(acc)
local n = 0
for a = 1, 12 do
  for b = 1, 12 do
    for c = 1, 12 do
      if a * a + b * b == c * c then n = n + 1 end
    end
  end
end
print(n)
local ok, e = pcall(function() for i = 1, 10, 0 do end end)
print(ok, e)
local big = 0
for i = math.maxinteger - 5, math.maxinteger do big = big + 1 end
for i = math.mininteger + 3, math.mininteger, -1 do big = big + 1 end
print(big)
