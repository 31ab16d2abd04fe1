print(pcall(function() local t = nil; return t.x end))
print(pcall(function() local t; t.x = 1 end))
print(pcall(function() local t = 5; return t.x end))
print(pcall(function() local t = true; return t[1] end))
