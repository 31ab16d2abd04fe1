print(string.format("%a %a %a", 1, 0.5, 255.5))
print(string.format("%A", 1.0), string.format("%.3a", 1/3))
print(string.format("%a %a", 0.0, -0.0))
print(string.format("%a %a", 1/0, -1/0))
