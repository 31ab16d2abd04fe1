for _, x in ipairs({0.5, 1, 2, 10, 100}) do
  print(x, math.exp(x), math.log(x), math.log(x, 10), math.log(x, 2))
end
