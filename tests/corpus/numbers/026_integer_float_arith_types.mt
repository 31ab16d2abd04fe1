local ops = {
  function(a, b) return a + b end, function(a, b) return a - b end,
  function(a, b) return a * b end, function(a, b) return a / b end,
  function(a, b) return a // b end, function(a, b) return a % b end,
  function(a, b) return a ^ b end,
}
for _, p in ipairs({{7, 2}, {7.0, 2}, {7, 2.0}, {-7, 2}, {7, -2.5}}) do
  local row = {}
  for _, f in ipairs(ops) do
    local r = f(p[1], p[2])
    row[#row + 1] = tostring(r) .. ":" .. math.type(r):sub(1, 1)
  end
  print(table.concat(row, " "))
end
