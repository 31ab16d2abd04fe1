local c = 0
for i = 1, 10 do
  for j = i, 10 do
    for k = j, 10 do c = c + 1 end
  end
end
print(c)
