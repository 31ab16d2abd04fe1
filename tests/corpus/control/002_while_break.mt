local i = 0
while true do
  i = i + 1
  if i == 7 then break end
end
print(i)
local n = 10
while n > 0 do n = n - 3 end
print(n)
while false do print("never") end
