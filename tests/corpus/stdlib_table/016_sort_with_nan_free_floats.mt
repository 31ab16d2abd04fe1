local t = {1, 0.5, -0.0, 3, 2.5, -1e300, 1e300, 2, -7}
table.sort(t)
for i, v in ipairs(t) do io.write(tostring(v), " ") end
print()
