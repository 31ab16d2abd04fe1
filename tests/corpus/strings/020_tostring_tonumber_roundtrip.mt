for _, v in ipairs({1, -1, 0.5, 1e15, 1e16, 123456789012, 0.1, 1/3}) do
  local s = tostring(v)
  print(s, tonumber(s) == v, math.type(tonumber(s)))
end
