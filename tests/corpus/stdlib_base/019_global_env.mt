print(_G.print == print, _G._G == _G, _G.string == string)
local n = 0
for _, name in ipairs({"print", "type", "tostring", "tonumber", "ipairs", "pairs", "next", "select",
  "rawget", "rawset", "rawequal", "rawlen", "setmetatable", "getmetatable", "assert", "error",
  "pcall", "xpcall", "dofile", "require"}) do
  if type(_G[name]) == "function" then n = n + 1 end
end
print(n)
print(type(string), type(table), type(math), type(io), type(os))
