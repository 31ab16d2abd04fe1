-- String methods in traces: s:byte(i) and string.byte(s, i) inside and out
-- of range, other methods (not traced), and a missing method's error.
local s = "hello, world"
local sum, nils = 0, 0
for i = -20, 20 do
  local b = s:byte(i)
  if b then sum = sum + b else nils = nils + 1 end
  local c = string.byte(s, i)
  if c then sum = sum + c end
end
print(sum, nils)
local words = {"alpha", "beta", "", "gamma"}
local total = 0
for r = 1, 30 do
  for _, w in ipairs(words) do
    for i = 1, #w do total = total + w:byte(i) * r end
    total = total + #w:upper()
  end
end
print(total)
local t = 0
for i = 1, 40 do t = t + ("x"):byte() + ("xyz"):byte(-1) end
print(t)
print(pcall(function() for i = 1, 10 do local _ = s:nosuch(i) end end))
