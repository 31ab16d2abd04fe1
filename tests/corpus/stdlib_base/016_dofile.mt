local r1, r2 = dofile("tests/corpus/stdlib_base/data_dofile.lua")
print(r1, r2, dofile_global)
print(pcall(dofile, "tests/corpus/stdlib_base/no_such_file.lua") == false)
