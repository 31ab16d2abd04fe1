local t = {}
for i = 32, 126 do t[#t + 1] = string.char(i) end
local s = table.concat(t)
print(s)
local back = {s:byte(1, -1)}
print(#back, back[1], back[#back])
print(string.char(table.unpack(back, 1, 10)))
