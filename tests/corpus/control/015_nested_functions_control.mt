local function outer(n)
  local acc = {}
  local function visit(k)
    if k > n then return end
    acc[#acc + 1] = k
    if k % 2 == 0 then visit(k + 3) else visit(k + 1) end
  end
  visit(1)
  return table.concat(acc, " ")
end
print(outer(20))
