print(string.format("%5.0d|%.0d|", 0, 0))
print(string.format("%+.2d|%-+6.3d|", 5, -5))
print(string.format("%i|%5i", -0, 1234567))
