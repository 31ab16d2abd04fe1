print("ok")
print("unfinished)
