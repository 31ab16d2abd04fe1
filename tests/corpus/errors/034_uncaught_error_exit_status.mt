print("about to fail")
local function f() local x = {} ; return x.a.b end
f()
print("never")
