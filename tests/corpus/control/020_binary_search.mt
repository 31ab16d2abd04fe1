local t = {}
for i = 1, 1000 do t[i] = i * 3 end
local function bsearch(v)
  local lo, hi = 1, #t
  while lo <= hi do
    local mid = (lo + hi) // 2
    if t[mid] == v then return mid elseif t[mid] < v then lo = mid + 1 else hi = mid - 1 end
  end
  return nil
end
print(bsearch(3), bsearch(3000), bsearch(1500), bsearch(1501))
