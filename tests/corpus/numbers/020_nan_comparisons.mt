local nan = 0/0
local vals = {nan, 1, 1.0, 1/0}
for _, v in ipairs(vals) do
  print(nan < v, nan <= v, nan > v, nan >= v, nan == v, v ~= nan)
end
local t = {}
print(pcall(function() t[nan] = 1 end))
print(t[nan], rawget(t, nan))
