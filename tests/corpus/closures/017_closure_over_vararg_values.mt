local function capture(...)
  local args = {...}
  local n = select("#", ...)
  return function() return n, table.unpack(args, 1, n) end
end
print(capture(1, nil, 3)())
print(capture()())
