local t = {}
print("start")
print(t.x.y)
