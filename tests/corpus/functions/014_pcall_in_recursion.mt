local function f(n)
  if n == 0 then error("bottom") end
  local ok, e = pcall(f, n - 1)
  return (ok and "ok" or "err") .. n
end
print(f(5))
