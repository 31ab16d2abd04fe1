print("before")
do return end
print("never printed")
