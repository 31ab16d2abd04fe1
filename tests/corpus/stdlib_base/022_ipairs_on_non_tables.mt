print(pcall(function() for i, v in ipairs("abc") do io.write(i, v) end end))
print(pcall(function() for i, v in ipairs(nil) do end end))
