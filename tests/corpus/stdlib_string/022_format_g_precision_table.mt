for _, v in ipairs({0.1, 123.456, 1e-10, 12345678901234567, 2^0.5, 100, -7.25}) do
  print(string.format("%.1g|%.5g|%.10g|%g|%#.3g", v, v, v, v, v))
end
