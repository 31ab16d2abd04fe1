local function mk() return function() end end
print(mk() == mk(), type(mk()))
local f = mk()
print(f == f, rawequal(f, f))
