local mt = {__index = {get = function(self) return self.v end}}
local s = 0
for i = 1, 10000 do
  local o = setmetatable({v = i}, mt)
  s = s + o:get()
end
print(s)
