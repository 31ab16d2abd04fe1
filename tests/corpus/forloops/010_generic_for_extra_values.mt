local function it(s, c)
  if c < 3 then return c + 1, "a", "b", "c" end
end
for a, b, c, d, e in it, nil, 0 do print(a, b, c, d, e) end
