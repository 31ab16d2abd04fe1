-- Equal strings in both operands while a loop is recorded must still be
-- compared (not folded) when they later differ.
local words = {"x", "x", "x", "y", "x", "z", "x", "x"}
local same, diff = 0, 0
for i = 1, #words do
  local w = words[i]
  local v = "x"
  if w == v then same = same + 1 else diff = diff + 1 end
  if w == "x" then same = same + 10 end
  if w ~= "z" then diff = diff + 100 end
end
print(same, diff)
local flags = {true, true, false, true, nil, true}
local t, f, n = 0, 0, 0
for i = 1, 6 do
  local b = flags[i]
  if b == true then t = t + 1 end
  if b == false then f = f + 1 end
  if b == nil then n = n + 1 end
end
print(t, f, n)
