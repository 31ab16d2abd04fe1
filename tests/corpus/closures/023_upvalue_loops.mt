-- Loops that read and write upvalues, in closures of one prototype that
-- capture different variables, with the upvalue changing type part-way.
local function make(start)
  local acc = start
  return function(n, step)
    for i = 1, n do
      acc = acc + i * step
      if acc > 1000 then acc = acc / 2 end
    end
    return acc
  end
end
local a, b = make(0), make(0.5)
for round = 1, 4 do
  print(round, a(30, 3), b(30, 2))
end
local shared = 1
local function bump(n) for i = 1, n do shared = shared * 2 % 1000003 end end
local function read(n) local s = 0 for i = 1, n do s = s + shared end return s end
bump(50) print(shared, read(10))
shared = "3"
print(pcall(read, 5))
shared = 2.5
print(read(4))
