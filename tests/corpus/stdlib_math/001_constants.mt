print(math.pi, -math.pi, math.huge, -math.huge)
print(math.maxinteger, math.mininteger, math.type(math.pi), math.type(math.maxinteger))
