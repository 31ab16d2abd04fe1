local inputs = {"0", "-0", "1e1", "0x1p1", " 10 ", "10a", "1 0", "0b101", "1_000", "١", "0x", "e5", ".e5", "5.e", "inf", "0x1.8"}
for _, s in ipairs(inputs) do io.write(string.format("%q", s), "->", tostring(tonumber(s)), " ") end
print()
print(tonumber(nil == nil and "12"), tonumber(true and "3.25"))
print(pcall(tonumber))
print(tonumber({}), tonumber(print))
