local function walk(n) if n == 0 then return 0 end local a = walk(n - 1) return a + 1 end
print(walk(5000), walk(9999))
local function build(n) if n == 0 then return {} end return {next = build(n - 1)} end
local l, c = build(3000), 0
while l do c = c + 1; l = l.next end
print(c)
