local s = "a" .. "b" .. "c"
print(s, #s, s .. s)
local acc = ""
for i = 1, 20 do acc = acc .. string.char(64 + i) end
print(acc, #acc)
print("x" .. 1 .. 2.5 .. -3)
