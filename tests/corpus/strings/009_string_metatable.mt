local mt = getmetatable("abc")
print(type(mt), type(mt.__index), mt.__index == string)
print(type(("abc").len), ("x").upper("y"))
local s = "abc"
print(s.len == string.len, pcall(function() return s.nofunc() end))
