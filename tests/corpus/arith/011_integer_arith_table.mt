local vals = {0, 1, -1, 7, -7, 2^31 | 0, math.maxinteger, math.mininteger}
for _, x in ipairs(vals) do
  local row = {}
  for _, y in ipairs({3, -3, 1, -1}) do
    row[#row + 1] = string.format("%d/%d/%d", x + y, x * y, x // y)
  end
  print(table.concat(row, " "), x % 3, x % -3)
end
