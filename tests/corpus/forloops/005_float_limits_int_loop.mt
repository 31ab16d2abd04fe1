local n = 0
for i = 1, 3.7 do n = n + 1 end
print(n)
n = 0
for i = 1, -0.5 do n = n + 1 end
print(n)
for i = 3, 0.5, -1 do io.write(i, " ") end print()
n = 0
for i = 1, 1e300 do n = n + 1; if n == 5 then break end end
print(n)
n = 0
for i = math.maxinteger - 1, 1/0 do n = n + 1 end
print(n)
for i = 1, -1/0 do print("never") end
print(pcall(function() for i = 1, 0/0 do print(i) end return "nan limit ok" end))
