print(string.format("%e %E", 12345.678, 0.000123))
print(string.format("%.2e|%10.3e|%-12.1E|%+e", 12345.678, -1.5, 2, 1))
print(string.format("%e %e %e", 0, -0.0, 1e300))
print(string.format("%.0e %#.0e", 5, 5))
