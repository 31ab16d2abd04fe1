-- Field access in traces guards the key's node: objects built alike share
-- it, others (other insertion orders, other sizes, rehashed tables, keys
-- deleted and re-added, missing keys) must leave the trace correctly.
local function make(order, extra)
  local o = {}
  for _, k in ipairs(order) do o[k] = #k end
  for i = 1, extra do o["e" .. i] = i end
  return o
end
local objs = {}
for i = 1, 60 do
  if i % 7 == 0 then objs[i] = make({"z", "y", "x"}, 0)
  elseif i % 11 == 0 then objs[i] = make({"x", "y", "z"}, 5)
  elseif i % 13 == 0 then objs[i] = {y = 1}
  else objs[i] = make({"x", "y", "z"}, 0) end
end
local sum = 0
for round = 1, 3 do
  for i = 1, #objs do
    local o = objs[i]
    sum = sum + (o.x or 100) + o.y * 2
    o.y = o.y + 1
    if round == 2 and i == 30 then
      o.x = nil
      for j = 1, 40 do o["k" .. j] = j end
      o.x = 7
    end
  end
end
print(sum)
local t = {a = 1, b = 2}
local acc = 0
for i = 1, 100 do
  acc = acc + t.a + t.b
  if i == 50 then t.a = nil; t.c = 3; t.a = 10 end
end
print(acc)
