local s = "hello world"
for _, p in ipairs({{1, 5}, {-5, -1}, {7, -1}, {0, 3}, {-100, 100}, {5, 4}, {12, 20}, {-1, -1}}) do
  io.write("[", s:sub(p[1], p[2]), "]")
end
print()
print(string.len(""), string.len("\0\0\0"), #s)
