local log = {}
local function v(x) log[#log + 1] = tostring(x); return x end
local r = v(1) + v(2) * v(3) - v(4) // v(2)
print(r, table.concat(log, " "))
log = {}
local s = v("a") .. v("b") .. v("c")
print(s, table.concat(log, " "))
log = {}
local c = v(1) < v(2) and v(3) or v(4)
print(c, table.concat(log, " "))
