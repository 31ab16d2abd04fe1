print(math.type(1), math.type(1.0), math.type(-0.0), math.type(1e308), math.type(1 << 62))
print(math.type("1"), math.type(nil), math.type(true))
