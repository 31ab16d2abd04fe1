local function validate(x)
  if type(x) ~= "number" then error("validate: number expected", 2) end
  return x
end
print(validate(1))
print(validate("x"))
