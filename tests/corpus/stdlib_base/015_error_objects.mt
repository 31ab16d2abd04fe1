local E = {}
E.__index = E
E.__tostring = function(e) return "E(" .. e.msg .. ")" end
local function throw(msg) error(setmetatable({msg = msg}, E)) end
local ok, e = pcall(throw, "bad")
print(ok, getmetatable(e) == E, e.msg, tostring(e))
