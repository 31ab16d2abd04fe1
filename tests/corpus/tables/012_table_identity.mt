local a, b = {}, {}
print(a == b, a == a, rawequal(a, b))
local c = a
c.x = 5
print(a.x)
local function mutate(t) t.y = 7 end
mutate(a)
print(c.y)
