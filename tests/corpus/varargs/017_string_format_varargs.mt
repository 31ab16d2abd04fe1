local function fmt(...) local s = string.format(...); return s end
print(fmt("%d-%s-%g", 1, "two", 3.5))
print(pcall(fmt, "%d %d", 1))
