io.write("exit default\n")
os.exit()
