print(rawlen({1, 2, 3}), rawlen(""), rawlen("abc"), rawlen({n = 1}))
print(rawlen(setmetatable({1}, {__len = function() return 10 end})))
print(pcall(rawlen))
print(pcall(rawlen, nil))
