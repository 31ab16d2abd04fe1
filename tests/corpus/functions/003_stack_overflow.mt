-- substring test without string patterns (Tier 2)
local function contains(s, sub)
  for i = 1, #s - #sub + 1 do
    if s:sub(i, i + #sub - 1) == sub then return true end
  end
  return false
end
-- many locals per frame so the limit is reached after fewer calls
local function inf(n)
  local a, b, c, d, e, f, g, h, i, j, k, l, m, o, p, q, r, s, t, u = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20
  local a2, b2, c2, d2, e2, f2, g2, h2, i2, j2, k2, l2, m2, o2, p2, q2, r2, s2, t2, u2 = a, b, c, d, e, f, g, h, i, j, k, l, m, o, p, q, r, s, t, u
  return 1 + inf(n + a2)
end
local ok, msg = pcall(inf, 1)
print(ok, type(msg), contains(msg, "stack overflow"))
ok, msg = pcall(inf, 1)
print(ok, contains(tostring(msg), "stack overflow"))
print("still alive")
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(10000))
