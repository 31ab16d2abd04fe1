data_mod_loads = (data_mod_loads or 0) + 1
local M = {name = "data_mod"}
function M.add(a, b) return a + b end
return M
