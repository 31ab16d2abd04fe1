local t = {"a", "b", "c", nil, "e"}
for i, v in ipairs(t) do io.write(i, v, " ") end
print()
local f, s, c = ipairs(t)
print(type(f), s == t, c)
print(f(t, 0))
print(f(t, 3))
