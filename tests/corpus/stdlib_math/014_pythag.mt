local out = {}
for a = 1, 30 do
  for b = a, 30 do
    local c = math.sqrt(a * a + b * b)
    if c == math.floor(c) then out[#out + 1] = a .. "," .. b .. "," .. math.tointeger(c) end
  end
end
print(#out, table.concat(out, " "))
