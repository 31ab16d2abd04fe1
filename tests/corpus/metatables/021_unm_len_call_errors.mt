print(pcall(function() return -{} end))
print(pcall(function() return #nil end))
print(pcall(function() local t = setmetatable({}, {}); return t() end))
print(pcall(function() local t = setmetatable({}, {__call = 5}); return t() end))
