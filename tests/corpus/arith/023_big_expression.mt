local x = 0
for i = 1, 200 do
  x = (x * 1103515245 + 12345) % 2147483648
end
print(x)
local f = 1.0
for i = 1, 30 do f = f * i end
print(f, f / 1e30)
local n = 1
for i = 1, 25 do n = n * i end
print(n)
