local function tree(d) if d == 0 then return {} end return {tree(d - 1), tree(d - 1)} end
local function count(t) local n = 1 for _, c in ipairs(t) do n = n + count(c) end return n end
local total = 0
for i = 1, 5 do total = total + count(tree(10)) end
print(total)
