local a = 1
local a = a + 1
print(a)
local function f(a) local a = a * 10; return a end
print(f(5), a)
for a = 1, 2 do local a = a * 100; io.write(a, " ") end
print(a)
