print(math.floor(2^63), math.ceil(-2^63), math.floor(2^62), math.floor(-2^63 - 1e5))
print(math.type(math.floor(2^63)), math.type(math.ceil(-2^63)))
