local t = {1, "two", 3.0, true, {}, print}
for i = 1, #t do io.write(type(t[i]), " ") end
print()
