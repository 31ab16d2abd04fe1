print("before exit")
io.write("unflushed? ")
os.exit(3)
print("never")
