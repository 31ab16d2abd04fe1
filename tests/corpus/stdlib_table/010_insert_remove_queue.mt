local q = {}
for i = 1, 10 do table.insert(q, i) end
local out = {}
while #q > 0 do out[#out + 1] = table.remove(q, 1) end
print(table.concat(out, " "))
local stack = {}
for i = 1, 5 do stack[#stack + 1] = i * i end
while #stack > 0 do io.write(table.remove(stack), " ") end
print()
