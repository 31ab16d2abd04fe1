local obj = {}
do
  local balance = 100
  function obj.deposit(x) balance = balance + x; return balance end
  function obj.withdraw(x)
    if x > balance then return nil, "insufficient" end
    balance = balance - x
    return balance
  end
end
print(obj.deposit(50), obj.withdraw(30), obj.withdraw(1000))
