local A = {a = "A"}
local B = setmetatable({b = "B"}, {__index = A})
local C = setmetatable({c = "C"}, {__index = B})
local D = setmetatable({}, {__index = C})
print(D.a, D.b, D.c, D.d)
local F = setmetatable({}, {__index = setmetatable({}, {__index = function(_, k) return "fn:" .. k end})})
print(F.zzz)
