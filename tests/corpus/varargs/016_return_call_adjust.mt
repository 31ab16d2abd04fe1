local function three() return 1, 2, 3 end
local function f() return three() end
local function g() return (three()) end
local function h() return three(), 4 end
print(f())
print(g())
print(h())
