print("double" .. 'single' .. [[long]])
print('"', "'", [['"]])
print(#'', #"", #[[]])
print(("x"):rep(3), ('y'):upper())
