local calls = 0
local t = setmetatable({present = 1}, {__index = function() calls = calls + 1; return 0 end})
print(t.present, t.absent, calls)
t.present = nil
print(t.present, calls)
