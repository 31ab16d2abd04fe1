local vals = {0.0, -0.0, 0.5, -2.25, 1e10, 1/0, -1/0}
for _, x in ipairs(vals) do
  local row = {}
  for _, y in ipairs({2, -0.5, 1/0}) do
    row[#row + 1] = tostring(x + y) .. "," .. tostring(x * y) .. "," .. tostring(x / y)
  end
  print(table.concat(row, " | "))
end
