local mt = {}
local t = setmetatable({}, mt)
print(getmetatable(t) == mt, getmetatable({}), getmetatable("x").__index == string)
setmetatable(t, nil)
print(getmetatable(t))
mt.__metatable = "protected"
setmetatable(t, mt)
print(getmetatable(t), pcall(setmetatable, t, nil))
