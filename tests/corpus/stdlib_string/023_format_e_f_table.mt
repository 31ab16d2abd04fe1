for _, v in ipairs({0, 1, -1.5, 1e10, 1.23456789e-7, 999.9995}) do
  print(string.format("%.3e|%12.4f|%-12.2e|%+.0f", v, v, v, v))
end
