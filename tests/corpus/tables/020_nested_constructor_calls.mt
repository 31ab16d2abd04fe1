local function three() return 1, 2, 3 end
local t = {three(), three()}
print(#t, t[1], t[2], t[4])
local u = {three(), (three())}
print(#u)
local v = {three(), nil}
print(#v)
local w = {[1] = three()}
print(#w, w[1])
