print(table.concat({1, 2.0, -0.0, 1e100, 2^63, math.mininteger}, "|"))
