package.path = "./tests/corpus/stdlib_base/?.lua"
local m, where = require("data_mod")
print(type(m), m.name, m.add(2, 3), where)
local m2 = require("data_mod")
print(m2 == m, data_mod_loads)
print(package.loaded.data_mod == m)
local ok, err = pcall(require, "no_such_module_xyz")
print(ok, type(err))
