local keep = {}
for i = 1, 20000 do
  local t = {i, i * 2, name = "n" .. i}
  if i % 1000 == 0 then keep[#keep + 1] = t end
end
local s = 0
for _, t in ipairs(keep) do s = s + t[2] end
print(#keep, s, keep[20].name)
