local t = {a = 1, b = 2, c = 3}
t.b = nil
local n = 0
for k, v in pairs(t) do n = n + 1 end
print(n, t.b, t.a, t.c)
t.a = nil; t.c = nil
print(next(t))
local arr = {1, 2, 3}
arr[3] = nil
print(#arr)
