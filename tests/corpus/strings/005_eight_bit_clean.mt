local s = "\0\1\2\255\254"
print(#s, s:byte(1, -1))
local t = {}
for i = 0, 255 do t[#t + 1] = string.char(i) end
local all = table.concat(t)
print(#all, all:byte(1), all:byte(256), all:sub(66, 70))
print(("a\0b"):upper():byte(1, -1))
print(("\0"):rep(3) == "\0\0\0", "\0" < "\1", "a\0" == "a")
