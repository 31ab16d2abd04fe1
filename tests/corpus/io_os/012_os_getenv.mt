print(os.getenv("MTVM_CORPUS_SURELY_UNDEFINED_VARIABLE"))
print(type(os.getenv("PATH")))
print(pcall(os.getenv))
