local a, b, c = 3, 4.5, -2
print(a * b + c / a - b // c, (a + b) * (a - b) % 7, a ^ 2 + b ^ 2)
print((a < b) == (c < a), a < b and b < c or a, -a ^ 2 * -c)
print(a | 1 ~ 2 & 3 << 1, a .. b .. c, (a .. b) + 1)
print(((a)), (a + (b + (c + 0))), -(-(-(a))))
