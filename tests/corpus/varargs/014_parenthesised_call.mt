local function two() return "a", "b" end
local x, y = (two())
print(x, y)
local t = {(two())}
print(#t)
print((two()))
