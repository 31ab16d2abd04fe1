print("must not be printed: the chunk fails to compile")
local = 5
