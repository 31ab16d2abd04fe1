local s = "Hello"
print(s:len(), s:upper(), s:lower(), s:rep(2, "-"), s:reverse(), s:sub(2, 3), s:byte(1))
print(("x"):rep(3), ("%d"):format(5), #s:rep(10))
print(string.len(s) == s:len(), getmetatable("").__index == string)
