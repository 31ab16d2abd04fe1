local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...)) end
  return s
end
local function mr() return 10, 20, 30 end
print(sum(mr()), sum(mr(), mr()), sum(1, mr()), sum((mr())))
print(math.max(mr()), string.format("%d %d %d", mr()))
