local s = ""
for i = 1, 50 do s = s .. string.char(65 + i % 26) end
print(s, #s, s:len(), string.len(s))
