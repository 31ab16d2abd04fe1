local max, min = math.maxinteger, math.mininteger
print(max, min, max + 1 == min, min - 1 == max)
print(max + 1, min - 1, max * 2, min * -1, -min)
print(max * max, min * min, 0x7fffffff * 0x7fffffff)
print(max + 0.0, min + 0.0, max // 1, min // 1)
print(min // -1, min % -1, max // -1, max % -1)
print(math.abs(min), math.abs(max), -max)
