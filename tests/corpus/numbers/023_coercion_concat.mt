print(1 .. "", 1.0 .. "", -1.5 .. "x", 2^63 .. "", (0/0 ~= 0/0) and "nan-ok")
print(10 .. 20 .. 30, 1 .. 2 == "12")
local t = {}
for i = 1, 5 do t[#t + 1] = i / 2 end
print(table.concat(t, ","))
