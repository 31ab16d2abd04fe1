local function lvl(n)
  if n == 0 then error("deep error") end
  local ok, e = pcall(lvl, n - 1)
  error("level " .. n .. " <- " .. e:sub(-10), 0)
end
print(pcall(lvl, 3))
print(pcall(pcall, pcall, error, "e"))
