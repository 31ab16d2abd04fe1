local s = [[
a
b
]]
print(#s, s:byte(1), s:byte(-1))
local s2 = [==[

x]==]
print(#s2, s2:byte(1))
