local s = string.format("%q", "\0\1\0012\r\t\n\"")
print(s, #s)
print(string.format("%q", "\200\201"))
print(string.format("%q", "\u{20AC}"))
