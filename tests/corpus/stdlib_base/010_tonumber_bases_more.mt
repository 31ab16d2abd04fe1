for b = 2, 36, 7 do io.write(tostring(tonumber("10", b)), " ") end
print()
print(tonumber("1010", 2), tonumber("-1010", 2), tonumber("z", 36), tonumber("Z", 36))
print(tonumber("12", 2), tonumber("9", 8), tonumber("g", 16))
print(tonumber("  7  ", 8), tonumber("7 7", 8), tonumber("0x10", 16), tonumber("10", 16.0))
