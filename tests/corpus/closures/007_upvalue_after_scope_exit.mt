local fns = {}
do
  local x = 10
  fns.get = function() return x end
  fns.inc = function() x = x + 1 end
end
fns.inc(); fns.inc()
print(fns.get())
