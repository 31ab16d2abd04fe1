x = 10
print(x, _G.x, _G["x"])
_G.y = 20
print(y)
x = nil
print(x, rawget(_G, "x"))
print(type(_G), _G._G == _G)
