local results = {}
for i = 1, 6 do
  local ok, e = pcall(function()
    if i % 2 == 0 then error("even " .. i, 0) end
    return i * 10
  end)
  results[#results + 1] = tostring(ok) .. ":" .. tostring(e)
end
print(table.concat(results, " "))
