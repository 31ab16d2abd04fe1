print(pcall(function() for k in pairs(nil) do end end))
print(pcall(function() for i, v in ipairs() do end end))
print(pcall(function() for x in 5 do end end))
print(pcall(function() local it = {}; for x in it do end end))
