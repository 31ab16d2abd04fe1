local big = math.maxinteger
print(big + 0.0, big - 0.5, big / 2, big // 2, big * 1.0 == 2^63)
print(big // 1.0, (big - 1) // 2, math.mininteger / 2, math.mininteger // 2)
print(2^53 + 1 == 2^53, (2^53 | 0) + 1)
