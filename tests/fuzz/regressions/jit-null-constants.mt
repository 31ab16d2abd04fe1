local fs = {}
for i = 10, 1, -3 do fs[#fs + 1] = function() return i end end
for _, f in ipairs(fs) do io.write(f(), " ") end
print()
