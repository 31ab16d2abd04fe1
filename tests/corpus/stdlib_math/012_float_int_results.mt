print(math.floor(5.0), math.ceil(5.0), math.abs(-5.0), math.max(5.0), math.sqrt(25))
print(math.floor(-5.5), math.ceil(-5.5), math.fmod(-5.5, 2))
