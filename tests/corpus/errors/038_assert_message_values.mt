print(pcall(assert, false, nil))
print(pcall(assert, nil))
print(pcall(assert, 1 == 2, "math broke"))
print(select("#", assert(true, nil, nil)))
