local function f()
  local x = nil

  return x + 1
end
print(pcall(f))
print(pcall(function()
  error("multi-line call")
end))
