print(pcall(function() error(42) end))
print(pcall(function() error(42, 2) end))
print(pcall(function() error("s", 1) end))
print(pcall(function() error("s" .. 1) end))
