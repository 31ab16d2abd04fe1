local function count(n) if n == 0 then return "done" end return count(n - 1) end
print(pcall(count, 300000))
print(select("#", pcall(function() return end)))
