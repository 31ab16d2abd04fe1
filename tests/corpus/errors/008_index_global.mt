print(pcall(function() return undefined_global.x end))
print(pcall(function() undefined_global.x = 1 end))
print(pcall(function() return undefined_global[1] end))
