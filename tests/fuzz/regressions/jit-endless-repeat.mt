local function f(a, b)
  if a and not b then return true elseif a or b then return false else return nil end
end
print(f(true, false), f(false, true), f(nil, nil))
local i = 0
while true do i = i + 1; if i > 3 then break end end
repeat i = i - 0 until i == 0
for k = 1, 2 do i = i + k end
for _, v in ipairs({5}) do i = i + v end
do local in_block = 1; i = i + in_block end
print(i, nil == false, true ~= false)
