local function h1(e) return "h1(" .. tostring(e) .. ")" end
local function h2(e) return "h2(" .. tostring(e) .. ")" end
print(xpcall(function()
  local ok, e = xpcall(function() error("inner", 0) end, h2)
  error(e, 0)
end, h1))
print(pcall(xpcall))
print(pcall(xpcall, print))
