local x, y = 5, 5.5
print(-x, -y, - -x, -(-y), -0, -0.0, -math.mininteger)
print(-"2", -"2.0", -"-2")
local s = "10"
print(-s, math.type(-s))
