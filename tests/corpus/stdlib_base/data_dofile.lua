dofile_global = "set by dofile"
return 1, "two"
