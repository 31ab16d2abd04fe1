for i = 1, 3 do end
while false do end
repeat until true
if true then elseif false then else end
local function f() end
print(f(), select("#", f()))
