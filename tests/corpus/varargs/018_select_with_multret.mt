local function mr() return "a", "b", "c" end
print(select(2, mr()))
print(select("#", mr(), mr()))
print(select(-1, mr()))
