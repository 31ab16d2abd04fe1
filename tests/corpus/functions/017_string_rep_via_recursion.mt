local function rep(s, n) if n == 0 then return "" end return s .. rep(s, n - 1) end
print(rep("ab", 10), #rep("x", 1000))
