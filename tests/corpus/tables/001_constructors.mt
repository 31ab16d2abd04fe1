local t = {1, 2, 3, x = 1, ["y"] = 2, [10] = 10, [1 + 1] = "overwritten?"}
print(#t, t[1], t[2], t.x, t.y, t[10])
local u = {[1] = "a", "b"}
print(u[1])
local v = {"a", "b", [2] = "c"}
print(v[2])
local w = {f = function() return 1 end, 1, {2, {3}}}
print(w.f(), w[1], w[2][1], w[2][2][1])
