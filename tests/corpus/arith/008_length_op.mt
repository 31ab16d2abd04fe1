print(#"", #"abc", #"\0\0", #{}, #{1, 2, 3}, #{n = 1})
local s = "hello"
print(#s, #s + #s, -#s, #s .. "")
local t = {1, 2, 3, nil}
print(#t)
t[#t + 1] = 4
print(#t)
print(pcall(function() return #5 end))
print(pcall(function() local n; return #n end))
