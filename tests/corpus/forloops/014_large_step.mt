for i = 1, 10, 100 do io.write(i, " ") end print()
for i = -1, -10, -100 do io.write(i, " ") end print()
for i = math.mininteger, math.maxinteger, math.maxinteger do io.write(i, " ") end print()
for i = math.maxinteger, math.mininteger, math.mininteger do io.write(i, " ") end print()
