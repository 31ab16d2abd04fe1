local t = {n = 0}
local function bump() t.n = t.n + 1; error("stop") end
for i = 1, 5 do pcall(bump) end
print(t.n)
local depth = 0
local function rec(n) depth = n; if n == 100 then error("deep") end return rec(n + 1) end
print(pcall(rec, 1), depth)
