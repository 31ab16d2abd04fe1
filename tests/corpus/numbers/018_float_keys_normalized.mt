local t = {}
t[1.0] = "a"; t[2] = "b"; t[3.5] = "c"; t[2^53] = "d"
print(t[1], t[2.0], t[3.5], t[1 << 53], #t)
for k, v in ipairs(t) do print(k, math.type(k), v) end
t[-0.0] = "z"
print(t[0])
local n = 0
for k in pairs(t) do if math.type(k) == "float" then n = n + 1 end end
print("float keys", n)
print(next({[1.0] = true}), math.type(next({[4.0] = 1})))
