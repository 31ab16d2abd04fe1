print(string.format("%-8s|%6.2f|%4d|%x", "item", 3.14159, 42, 3054))
local rows = {{"apple", 1.5, 3}, {"banana", 0.25, 12}, {"cherry", 10, 100}}
for _, r in ipairs(rows) do print(string.format("%-10s %8.3f %5d", r[1], r[2], r[3])) end
print(string.format("%s=%d", "x", 10), ("%d+%d=%d"):format(1, 2, 3))
