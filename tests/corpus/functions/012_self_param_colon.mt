local obj = {v = 1}
function obj:get(x) return self.v + (x or 0) end
print(obj:get(), obj:get(10), obj.get({v = 100}, 1))
local mt = {__index = {hello = function(self) return "hi " .. self.name end}}
local o = setmetatable({name = "bob"}, mt)
print(o:hello())
