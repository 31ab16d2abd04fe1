print(math.tointeger(3.0), math.tointeger(3.5), math.tointeger(-0.0), math.tointeger(2^63))
print(math.tointeger(5), math.tointeger(-2^63), math.tointeger(1/0), math.tointeger(0/0))
print(math.tointeger({}), math.tointeger(nil))
