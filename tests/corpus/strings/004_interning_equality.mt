local a = "hello world"
local b = "hello " .. "world"
local c = string.sub("xhello worldx", 2, -2)
print(a == b, b == c, a == c, rawequal(a, c))
local t = {[a] = 1}
print(t[b], t[c], t["hello world"])
local long1 = string.rep("abc", 100)
local long2 = string.rep("a" .. "bc", 100)
print(long1 == long2, #long1)
