local proxy = setmetatable({}, {__index = function(t, i) if i <= 4 then return i * 11 end end})
for i, v in ipairs(proxy) do io.write(i, ":", v, " ") end
print()
