local t = setmetatable({}, {
  __index = function() return "mm" end,
  __newindex = function() error("blocked") end,
  __eq = function() return true end,
})
print(t.x, rawget(t, "x"))
print(pcall(function() t.x = 1 end))
rawset(t, "x", 1)
print(t.x)
print(t == setmetatable({}, getmetatable(t)), rawequal(t, {}))
