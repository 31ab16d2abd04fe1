local n = 0
for i = math.maxinteger - 2, math.maxinteger do n = n + 1 end
print(n)
n = 0
for i = math.mininteger + 2, math.mininteger, -1 do n = n + 1 end
print(n)
n = 0
for i = math.maxinteger - 10, math.maxinteger, 4 do n = n + 1; io.write(i - math.maxinteger, " ") end
print(n)
n = 0
for i = 1, math.maxinteger, math.maxinteger // 2 do n = n + 1 end
print(n)
for i = math.mininteger, math.mininteger + 2 do io.write(i - math.mininteger, " ") end
print()
