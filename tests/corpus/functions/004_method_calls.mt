local Account = {}
Account.__index = Account
function Account.new(b) return setmetatable({balance = b}, Account) end
function Account:deposit(v) self.balance = self.balance + v; return self end
function Account:get() return self.balance end
local acc = Account.new(10)
print(acc:deposit(5):deposit(7):get(), acc.get(acc), Account.get(acc))
local s = "text"
print(s:upper(), ("%s!"):format(s), #s:rep(3))
