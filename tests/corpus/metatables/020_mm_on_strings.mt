print(("abc"):len(), ("%d"):rep(2))
local smt = getmetatable("")
print(smt.__index == string, rawget(smt, "__name"))
print(pcall(function() local s = "x"; s.y = 1 end))
