for _, v in ipairs({0, -0.0, 1e100, 2^63, 123.0, 0.1, -1e-100, 255}) do
  io.write(v .. "", " ")
end
print()
