local a = 5
print(-a, not a, #tostring(a), ~a)
print(- - -a, not not a, ~ ~a, -(-a))
print(-2 ^ 2, (-2) ^ 2, -2 ^ -2, not 1 == nil)
