print(math.abs(-5), math.abs(5), math.abs(-5.5), math.abs(-0.0), math.abs(math.mininteger))
print(math.type(math.abs(-3)), math.type(math.abs(-3.0)), math.abs(-1/0))
print(pcall(math.abs, "x"), math.abs("-2"))
