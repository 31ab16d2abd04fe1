for _, v in ipairs({0, 1, 15, 16, 255, 4096, -2, math.maxinteger}) do
  print(string.format("%x|%X|%#x|%8x|%-8x|%08X|%o", v, v, v, v, v, v, v))
end
