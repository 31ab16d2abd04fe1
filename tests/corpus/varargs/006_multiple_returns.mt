local function mr() return 1, 2, 3 end
local function none() end
print(mr())
print(mr(), mr())
print(none(), mr())
print(mr(), none())
print((mr()))
print(#{mr(), mr()}, #{mr(), (mr())}, select("#", none()))
