print(0xF0 & 0x3C, 0xF0 | 0x0F, 0xF0 ~ 0xFF, ~0, ~0xF)
print(1 << 0, 1 << 63, 1 << 64, 1 << -1, 2 >> 1, -1 >> 63, -1 >> 64)
print(-1 << 1, 8 >> -1, 1 << 100, 1 >> -100, math.mininteger >> 63)
print(3.0 & 1, 2^62 | 0, "0" == 0)
print(0xFF & -1, -256 | 255, 5 ~ -1, ~math.mininteger)
local x = 0x123456789ABCDEF0
print(x & 0xFFFF, (x >> 32) & 0xFFFFFFFF, x ~ x, x | 0)
