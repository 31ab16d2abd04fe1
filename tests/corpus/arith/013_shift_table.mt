for _, n in ipairs({0, 1, 2, 31, 32, 63, 64, 65, -1, -63, -64}) do
  print(n, 1 << n, -1 << n, 0x5555 >> n, -1 >> n)
end
