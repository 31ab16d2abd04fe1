print(pcall(function() return ("x"):bad() end))
print(pcall(function() local s = "abc"; return s.x.y end))
print(pcall(function() return #5 end))
