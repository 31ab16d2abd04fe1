local s = [[
first line skipped newline]]
print(s)
print([[a]] .. [==[b]]c]=]d]==])
print(#[[

]])
local t = [=[
with ]] inside
and [[ nested ]]
]=]
io.write(t)
print([[no\escapes\n here]])
print([==[]==] == "")
