local s = "héllo wörld"
print(s, #s)
print(("€"):byte(1, -1))
print("\u{20AC}" == "€", "\u{0}" == "\0")
print(string.upper("héllo"))
