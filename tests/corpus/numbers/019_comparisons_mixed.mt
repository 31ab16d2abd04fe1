local vals = {1, 1.0, 2, 1.5, -1, -0.0, 0, math.maxinteger, math.mininteger, 2^63, -2^63, 1/0, -1/0}
local out = {}
for i = 1, #vals do
  local row = {}
  for j = 1, #vals do
    local a, b = vals[i], vals[j]
    row[#row + 1] = (a < b and "<" or "") .. (a == b and "=" or "") .. (a > b and ">" or "")
  end
  out[#out + 1] = table.concat(row, " ")
end
print(table.concat(out, "\n"))
