local live = {}
for i = 1, 100 do live[i] = {id = i, data = string.rep("x", i)} end
for i = 1, 30000 do local junk = {i, tostring(i)} end
local ok = true
for i = 1, 100 do if live[i].id ~= i or #live[i].data ~= i then ok = false end end
print(ok)
