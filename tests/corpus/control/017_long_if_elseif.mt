local function grade(s)
  if s >= 90 then return "A" elseif s >= 80 then return "B" elseif s >= 70 then return "C"
  elseif s >= 60 then return "D" else return "F" end
end
local out = {}
for s = 50, 100, 7 do out[#out + 1] = grade(s) end
print(table.concat(out))
