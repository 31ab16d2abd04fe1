local fs = {}
for i = 1, 10 do
  local v = i * i
  fs[#fs + 1] = function() return v end
  if i == 4 then break end
end
print(#fs, fs[4]())
