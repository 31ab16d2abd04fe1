print(tostring(nil), tostring(true), tostring(false), tostring(12), tostring(1.25))
print(tostring("s"), type(tostring({})), tostring(print):sub(1, 9), tostring({}):sub(1, 6))
