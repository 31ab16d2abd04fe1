local t = setmetatable({}, {__index = function() return "meta" end, __newindex = function() end, __len = function() return 99 end})
t.a = 1
print(t.a, rawget(t, "a"), #t, rawlen(t))
rawset(t, "a", 2)
print(t.a, rawget(t, "a"))
rawset(t, 1, "x")
print(rawlen(t), rawlen("abcd"), rawequal(t, t))
print(pcall(rawset, t, nil, 1))
print(pcall(rawlen, 5))
