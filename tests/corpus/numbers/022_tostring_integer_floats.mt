for _, v in ipairs({0.0, 1.0, -1.0, 1e15, -1e15, 123456789.0, 2^52, 2^53 + 0.0, 1e14 * 10}) do
  io.write(tostring(v), " ", math.type(v), "\n")
end
