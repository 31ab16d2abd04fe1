local function it(s, c) if c < 2 then return c + 1 end end
for i in it, nil, 0, nil do io.write(i, " ") end
print()
