-- spectralnorm (warmup experiment, L0 port written from the CLBG algorithm).
-- Ten power iterations of u = A^T A v on the infinite matrix
-- A[i][j] = 1 / ((i+j)(i+j+1)/2 + i + 1) (0-based i, j) truncated to N = 1000,
-- then sqrt(u.v / v.v). The result is exactly 1.2742241481294836 on lua5.4
-- and luajit; run_iter(n) repeats the kernel n times and compares exactly.

local N = 1000
local EXPECT = 1.2742241481294836

local function a(i, j)
  local ij = i + j - 1
  return 1.0 / (ij * (ij - 1) * 0.5 + i)
end

local function av(x, y, n)
  for i = 1, n do
    local s = 0
    for j = 1, n do s = s + x[j] * a(i, j) end
    y[i] = s
  end
end

local function atv(x, y, n)
  for i = 1, n do
    local s = 0
    for j = 1, n do s = s + x[j] * a(j, i) end
    y[i] = s
  end
end

local function atav(x, y, t, n)
  av(x, t, n)
  atv(t, y, n)
end

local function spectralnorm(n)
  local u, v, t = {}, {}, {}
  for i = 1, n do u[i] = 1 end
  for _ = 1, 10 do
    atav(u, v, t, n)
    atav(v, u, t, n)
  end
  local vbv, vv = 0, 0
  for i = 1, n do
    local ui, vi = u[i], v[i]
    vbv = vbv + ui * vi
    vv = vv + vi * vi
  end
  return math.sqrt(vbv / vv)
end

function run_iter(n)
  for _ = 1, n do
    local r = spectralnorm(N)
    if r ~= EXPECT then
      error(string.format("spectralnorm: %.17g, expected %.17g", r, EXPECT))
    end
  end
end
