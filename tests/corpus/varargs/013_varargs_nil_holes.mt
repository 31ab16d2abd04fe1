local function f(...)
  local t = table.pack(...)
  local out = {}
  for i = 1, t.n do out[i] = tostring(t[i]) end
  return table.concat(out, ",")
end
print(f(nil, 1, nil), f(nil), f(), f(false, nil))
