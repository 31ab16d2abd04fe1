;;; local a = 1; local b = 2;;
print(a + b);
local t = {1; 2, 3;}
print(#t);
do ; end
