local cfg
local function use() return cfg.width * 2 end
print(pcall(use))
cfg = {}
print(pcall(use))
cfg.width = 21
print(pcall(use))
