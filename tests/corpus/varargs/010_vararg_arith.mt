local function avg(...)
  local n = select("#", ...)
  if n == 0 then return nil end
  local s = 0
  for _, v in ipairs({...}) do s = s + v end
  return s / n
end
print(avg(), avg(1), avg(1, 2), avg(1, 2, 3, 4))
