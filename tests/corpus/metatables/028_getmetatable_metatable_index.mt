local meta = {}
meta.__index = meta
meta.hello = function() return "hello from meta" end
local o = setmetatable({}, meta)
print(o.hello(), getmetatable(o) == meta, getmetatable(o).hello == meta.hello)
