local t = {}
t.self = t
print(t.self.self.self == t)
local list = nil
for i = 1, 5 do list = {value = i, next = list} end
local out = {}
while list do out[#out + 1] = list.value; list = list.next end
print(table.concat(out, " "))
