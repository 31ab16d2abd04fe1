local t = {}
for cycle = 1, 5 do
  for i = 1, 3000 do t[i] = {cycle, i} end
  for i = 3000, 1, -1 do t[i] = nil end
end
print(#t, next(t))
local big = {}
for i = 1, 10000 do big[i] = i end
print(#big, big[10000])
