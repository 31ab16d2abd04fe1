for _, v in ipairs({1, 0, "", "false", {}, true}) do
  if v then io.write("T") else io.write("F") end
end
print()
local t = {false, nil, true}
for i = 1, 3 do io.write(tostring(t[i] and "T" or "F")) end
print()
