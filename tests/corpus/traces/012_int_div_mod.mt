-- Integer % and // by constant powers of two are a mask and a shift in a
-- trace; both must round towards minus infinity as Lua's do, for negative
-- operands and the extremes too. Other constants and variables call the
-- helper.

local function by_constants(lo, hi)
  local s1, s2, s3, s4, s5 = 0, 0, 0, 0, 0
  for i = lo, hi do
    s1 = s1 + i % 8 + i // 16
    s2 = s2 + i % 1 + i // 1 + i % 2 + i // 2
    s3 = s3 + (i * 7) % 1024 - (i * 3) // 4096
    s4 = s4 + i % 3 + i // -4 + i % -8
    s5 = s5 ~ ((i * 1000003) % 4294967296)
  end
  return s1, s2, s3, s4, s5
end

local function extremes()
  local vals = { math.maxinteger, math.mininteger, math.mininteger + 1, -1, 0, 1 }
  local out = {}
  for round = 1, 3 do
    for i = 1, #vals do
      local v = vals[i]
      local line = string.format("%d %d %d %d %d", v % 2, v // 2, v % 1024, v // 1024,
                                 v // 4611686018427387904)
      if round == 3 then out[#out + 1] = line end
    end
  end
  print(table.concat(out, "\n"))
end

print(by_constants(-300, 300))
print(by_constants(1, 1000))
extremes()
