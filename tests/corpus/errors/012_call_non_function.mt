print(pcall(function() local n = 5; n() end))
print(pcall(function() local s = "str"; s() end))
print(pcall(function() local t = {}; t() end))
print(pcall(function() local t = {x = true}; t.x() end))
