local n = 0
repeat
  n = n + 1
  if n == 5 then break end
until false
print(n)
