print(1 and 2, nil and 2, false and 2, 1 or 2, nil or 2, false or false)
print(0 and "zero is true", "" and "empty is true")
print(not nil, not false, not 0, not "", not not nil)
local function side(x) io.write("[", tostring(x), "]"); return x end
print(side(false) and side(1), side(nil) or side(2), side(1) or side(3))
local a = nil
local b = a and a.x or "default"
print(b)
