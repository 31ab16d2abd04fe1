local parts = {}
for i = 1, 100 do parts[i] = tostring(i * i) end
local s = table.concat(parts, "+")
print(#s, s:sub(1, 30), s:sub(-20))
local r = ""
for i = 1, 100 do r = r .. "." end
print(#r)
