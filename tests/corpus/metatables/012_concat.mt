local mt = {__concat = function(a, b)
  local av = type(a) == "table" and a.s or tostring(a)
  local bv = type(b) == "table" and b.s or tostring(b)
  return av .. "+" .. bv
end}
local o = setmetatable({s = "O"}, mt)
print(o .. "x", "x" .. o, o .. o, 1 .. o, o .. 2.5)
print("a" .. "b" .. o .. "c")
print(pcall(function() return {} .. "x" end))
