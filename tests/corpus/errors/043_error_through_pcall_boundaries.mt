local function thrower(kind)
  if kind == 1 then error("string err")
  elseif kind == 2 then error(setmetatable({}, {__tostring = function() return "custom" end}))
  elseif kind == 3 then local t = nil; return t[1]
  else return "no error" end
end
for k = 1, 4 do
  local ok, e = pcall(thrower, k)
  print(k, ok, tostring(e))
end
