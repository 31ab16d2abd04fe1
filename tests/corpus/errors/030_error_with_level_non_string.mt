print(pcall(error, {}, 2) and "no" or "table error ok")
print(pcall(function() error(nil, 2) end))
print(pcall(function() error(false) end))
