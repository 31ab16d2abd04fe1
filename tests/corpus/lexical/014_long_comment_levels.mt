--[==[
print("hidden 1")
--]] still hidden
]==]
--[[]] print("visible 1")
--[=[ ]] ]=] print("visible 2")
--[ not long
print("visible 3")
