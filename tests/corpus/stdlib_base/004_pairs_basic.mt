local t = {1, 2, 3, a = "x", b = "y"}
local nk, ns = 0, 0
for k, v in pairs(t) do
  if type(k) == "number" then nk = nk + k else ns = ns + #v end
end
print(nk, ns)
local f, s, c = pairs({})
print(f == next, c)
print(pcall(pairs))
print(select("#", pairs(nil)), pairs(nil) == next)
