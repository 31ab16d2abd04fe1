local obj = {}
function obj:check(v) if type(v) ~= "number" then error("expected number, got " .. type(v), 2) end return v end
local function user() return obj:check("s") end
local function user2()
  local v = obj:check({})
  return v
end
print(pcall(user))
print(pcall(user2))
print(pcall(obj.check, obj, 5))
