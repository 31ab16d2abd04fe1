print("0x10" + 0, "0xA.8p0" + 0, "0x.1" + 0, "  0x1p-2  " * 1)
print(tonumber("0x7FFFFFFFFFFFFFFF"), tonumber("0xFFFFFFFFFFFFFFFF"), tonumber("0x1FFFFFFFFFFFFFFFF"))
print(math.type(tonumber("0x10")), math.type(tonumber("0x1p0")))
