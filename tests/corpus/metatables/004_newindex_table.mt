local store = {}
local t = setmetatable({}, {__newindex = store})
t.a = 1
print(rawget(t, "a"), store.a, t.a)
local existing = setmetatable({x = 1}, {__newindex = store})
existing.x = 2
print(existing.x, store.x)
