print(math.sqrt(16), math.sqrt(2), math.sqrt(-1) ~= math.sqrt(-1), math.sqrt(0), math.sqrt(1/0))
print(math.exp(0), math.exp(1), math.exp(-1), math.exp(710))
print(math.log(1), math.log(math.exp(2)), math.log(8, 2), math.log(100, 10), math.log(27, 3))
print(math.log(0), math.log(-1) ~= math.log(-1), math.log(1024, 2), math.log(2, 4))
