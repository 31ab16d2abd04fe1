local t = {} for i = 1, 10 do t = {t} end print(#t)
local function f() return f() end f()
