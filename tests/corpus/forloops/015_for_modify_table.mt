local t = {1, 2, 3, 4, 5}
for i = 1, #t do t[i] = t[i] * t[i] end
print(table.concat(t, " "))
local n = #t
for i = n, 1, -1 do if t[i] % 2 == 0 then table.remove(t, i) end end
print(table.concat(t, " "))
