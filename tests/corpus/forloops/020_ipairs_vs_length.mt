local t = {1, 2, 3}
t[5] = 5
local n = 0
for _ in ipairs(t) do n = n + 1 end
print(n)
for i, v in ipairs({[1] = "a", [2] = "b", [4] = "d"}) do io.write(i, v) end
print()
