print(pcall(function() local s = nil; s:upper() end))
print(pcall(function() local obj = {}; obj.inner:m() end))
print(pcall(function() string.nofunc() end))
print(pcall(function() local n = 1; n:foo() end))
