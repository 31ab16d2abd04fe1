local function lvl1() error("one") end
local function lvl2() error("two", 2) end
local function lvl0() error("zero", 0) end
local function caller() lvl2() end
print(pcall(lvl1))
print(pcall(caller))
print(pcall(lvl0))
local function deep3() error("three", 3) end
local function mid() deep3() end
local function top() mid() end
print(pcall(top))
