print(string.upper("abcXYZ123!?"), string.lower("ABCxyz123!?"))
print(("MiXeD"):lower():upper(), string.upper(""), #string.lower("\200\201"))
