local t = {}
t[10] = "int"; t["10"] = "str"; t[10.0] = "float-normalised"
print(t[10], t["10"], t[tostring(10)])
