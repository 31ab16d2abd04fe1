local obj = {n = 0}
function obj.inc(self, d) self.n = self.n + (d or 1); return self end
function obj:dec(d) self.n = self.n - (d or 1); return self end
obj:inc():inc(5):dec(2)
print(obj.n)
local a = {b = {c = {}}}
function a.b.c.f(x) return x * 2 end
function a.b.c:g(x) return self == a.b.c, x end
print(a.b.c.f(21), a.b.c:g(1))
