local function pair()
  local v = 0
  local function get() return v end
  local function set(x) v = x end
  return get, set
end
local get, set = pair()
print(get()); set(42); print(get()); set("s"); print(get())
local g2, s2 = pair()
s2(1)
print(get(), g2())
