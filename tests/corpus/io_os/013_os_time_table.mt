local t = os.time({year = 2020, month = 6, day = 15, hour = 12})
local t2 = os.time({year = 2020, month = 6, day = 16, hour = 12})
print(math.type(t), t2 - t)
