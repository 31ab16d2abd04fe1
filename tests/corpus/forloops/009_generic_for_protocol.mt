local function iter(state, ctl)
  if ctl < state then return ctl + 1, ctl * ctl end
end
for i, sq in iter, 4, 0 do io.write(i, "=", sq, " ") end
print()
local function stateless(t, i)
  i = i + 1
  if t[i] then return i, t[i] end
end
for i, v in stateless, {"x", "y"}, 0 do io.write(i, v, " ") end
print()
