print("never")
do break end
