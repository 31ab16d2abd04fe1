print(1 < 2, 1 <= 1, 2 > 1, 2 >= 3, 1 == 1, 1 ~= 1)
print("a" < "b", "a" <= "a", "b" > "a", "abc" >= "abd", "a" == "a", "a" ~= "b")
print(1 == "1", nil == false, {} == {}, print == print)
local t = {}
print(t == t, t ~= t, t ~= {})
print("\0a" < "\0b", "a\0" > "a", "" == "\0")
