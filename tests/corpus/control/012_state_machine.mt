local state, steps, trace = "a", 0, {}
while state ~= "done" do
  steps = steps + 1
  trace[#trace + 1] = state
  if state == "a" then state = "b"
  elseif state == "b" then state = steps > 5 and "c" or "a"
  elseif state == "c" then state = "done" end
end
print(steps, table.concat(trace))
