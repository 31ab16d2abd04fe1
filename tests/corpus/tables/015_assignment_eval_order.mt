local t = {}
local function k(n) io.write("k", n, " "); return n end
local function v(n) io.write("v", n, " "); return n end
t[k(1)], t[k(2)] = v(10), v(20)
print()
print(t[1], t[2])
local a = {}
local idx = 1
idx, a[idx] = 2, "x"
print(idx, a[1], a[2])
