local inf, nan = 1/0, 0/0
print(inf, -inf, math.huge, -math.huge, inf == math.huge)
print(nan ~= nan, nan == nan, nan < 1, nan > 1, nan <= nan)
print(inf - inf ~= inf - inf, inf * 0 ~= inf * 0)
print(math.type(nan), math.type(inf), inf > math.maxinteger)
print(-inf < math.mininteger, tostring(inf), tostring(-inf))
print(0/0, -(0/0))
print(string.format("%.1f %5.1f %g", inf, -inf, inf))
