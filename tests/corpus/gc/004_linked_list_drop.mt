local head
for round = 1, 5 do
  head = nil
  for i = 1, 4000 do head = {v = i + round, next = head} end
end
local n, s = 0, 0
while head do n = n + 1; s = s + head.v; head = head.next end
print(n, s)
