-- awfy_list: Are-We-Fast-Yet "List", written for this suite from the AWFY
-- algorithm. Takeuchi-style recursion (tail) over linked lists of lengths
-- 15, 10 and 6; the length of the resulting list is 10.
-- run_iter(n) runs the benchmark n times and checks every result.

local Element = {}
Element.__index = Element

function Element.new(v)
  return setmetatable({ val = v, next = nil }, Element)
end

function Element:length()
  if self.next == nil then return 1 end
  return 1 + self.next:length()
end

local List = {}
List.__index = List

function List:make_list(length)
  if length == 0 then return nil end
  local e = Element.new(length)
  e.next = self:make_list(length - 1)
  return e
end

function List:is_shorter_than(x, y)
  local x_tail, y_tail = x, y
  while y_tail ~= nil do
    if x_tail == nil then return true end
    x_tail = x_tail.next
    y_tail = y_tail.next
  end
  return false
end

function List:tail(x, y, z)
  if self:is_shorter_than(y, x) then
    return self:tail(self:tail(x.next, y, z),
                     self:tail(y.next, z, x),
                     self:tail(z.next, x, y))
  end
  return z
end

function List:benchmark()
  local result = self:tail(self:make_list(15), self:make_list(10),
                           self:make_list(6))
  return result:length()
end

function List:verify_result(result)
  return result == 10
end

function run_iter(n)
  local bench = setmetatable({}, List)
  for _ = 1, n do
    local r = bench:benchmark()
    if not bench:verify_result(r) then
      error(string.format("awfy_list: result %d, expected 10", r))
    end
  end
end
