local s = "Hello, World! 123"
print(s:upper(), s:lower(), s:reverse())
print(s:upper():lower() == s:lower(), s:reverse():reverse() == s)
