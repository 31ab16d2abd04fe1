local calls = 0
local function lim() calls = calls + 1; return 5 end
for i = 1, lim() do end
print(calls)
local t = {1, 2, 3}
for i = 1, #t do t[#t + 1] = i end
print(#t)
