local s = "tab\tnl\ncr\rbs\\q\"z\0end"
print(#s)
print(string.format("%q", s))
for i = 1, #s do io.write(s:byte(i), i < #s and "," or "\n") end
