local last
for i = 1, 20000 do
  last = "str" .. i .. ":" .. (i * 7)
end
print(last)
local parts = {}
for i = 1, 200 do parts[i] = string.rep(string.char(65 + i % 26), i % 17) end
print(#table.concat(parts))
