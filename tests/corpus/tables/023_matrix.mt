local n = 8
local a, b = {}, {}
for i = 1, n do
  a[i], b[i] = {}, {}
  for j = 1, n do a[i][j] = i + j; b[i][j] = i - j end
end
local c = {}
for i = 1, n do
  c[i] = {}
  for j = 1, n do
    local s = 0
    for k = 1, n do s = s + a[i][k] * b[k][j] end
    c[i][j] = s
  end
end
print(c[1][1], c[n][n], c[3][5])
