local function find(t, v)
  for i = 1, #t do
    if t[i] == v then return i end
  end
  return nil
end
print(find({5, 6, 7}, 6), find({5, 6, 7}, 9))
local function early(x)
  do return x * 2 end
end
print(early(4))
