local t = {1, 2, nil, 4}
local n = 0
for i, v in ipairs(t) do n = n + 1 end
print(n)
for i, v in ipairs({"a", "b", "c"}) do io.write(i, v, " ") end
print()
for i, v in ipairs({}) do print("never") end
print("done")
