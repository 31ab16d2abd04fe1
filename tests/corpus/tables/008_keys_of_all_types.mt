local t = {}
local f = function() end
local k = {}
t[true] = "t"; t[false] = "f"; t[f] = "func"; t[k] = "table"; t[1.5] = "float"; t["s"] = "str"
print(t[true], t[false], t[f], t[k], t[1.5], t.s)
print(pcall(function() t[nil] = 1 end))
print(pcall(function() t[0/0] = 1 end))
print(t[nil], t[0/0])
