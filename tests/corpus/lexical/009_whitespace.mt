local	a	=	1
local b
=
2
print(a
+
b)
print(  "x"  ..  "y"  )
local t = { 1 ,
  2
  , 3 }
print(#t, t [ 2 ])
