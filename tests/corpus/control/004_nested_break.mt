local found
for i = 1, 10 do
  for j = 1, 10 do
    if i * j == 42 then found = i .. "x" .. j; break end
  end
  if found then break end
end
print(found)
local count = 0
for i = 1, 5 do
  local j = 0
  while true do j = j + 1; count = count + 1; if j >= i then break end end
end
print(count)
