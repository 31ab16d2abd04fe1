local log = {}
local t = setmetatable({}, {__newindex = function(tb, k, v) log[#log + 1] = k; rawset(tb, k, v) end})
table.insert(t, "a")
table.insert(t, "b")
print(#log, table.concat(t, ","))
local proxy = setmetatable({}, {__index = function(_, i) return "v" .. i end, __len = function() return 3 end})
print(table.concat(proxy, ","), table.unpack(proxy))
