-- a line comment
print("a") -- trailing comment
--[[ a block
comment ]] print("b")
--[==[ level two
]] still inside
]==] print("c")
--[=[]=]print("d")
---[[ not a block comment, just a line
print("e")
--]]
print(1 --[[inline]] + 2)
