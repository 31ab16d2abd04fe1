local _ = 1
local _a1, A1, a1 = 2, 3, 4
local _ENVx = 5
local very_long_identifier_name_with_digits_123 = 6
print(_, _a1, A1, a1, _ENVx, very_long_identifier_name_with_digits_123)
local And, Or, NIL = 7, 8, 9
print(And + Or + NIL)
