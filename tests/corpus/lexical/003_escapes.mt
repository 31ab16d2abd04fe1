print("tab\there", "nl\\n")
print("quote\"s", 'single\'s', "mixed'\"")
print("\65\066\0671", "\x41\x62\x7A", "\u{48}\u{49}")
print(#"\0", #"a\0b", ("a\0b"):byte(2))
print("a\z
       b", "c\z    d")
print("line1\
line2")
print(#"\u{7FF}", #"\u{FFFF}", #"\u{10FFFF}", #"\u{7FFFFFFF}")
print(("\u{E9}"):byte(1, -1))
print(("\a\b\f\v\r"):byte(1, -1))
print("\255" == "\xff", "\1000" == "d0")
