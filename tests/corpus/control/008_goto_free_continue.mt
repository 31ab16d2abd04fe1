local out = {}
for i = 1, 10 do
  repeat
    if i % 3 == 0 then break end
    out[#out + 1] = i
  until true
end
print(table.concat(out, ","))
