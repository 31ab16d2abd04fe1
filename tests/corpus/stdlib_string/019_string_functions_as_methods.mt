local s = "abc"
print(s:len(), s:byte(-1), s:sub(2), s:upper(), s:rep(2), s:reverse())
print(("%5.1f"):format(3.14159), ("x"):byte(), ("A"):lower())
local n = 12
print(string.format("%d", n), (tostring(n)):len())
