local N = 2000
local comp = {}
local primes = {}
for i = 2, N do
  if not comp[i] then
    primes[#primes + 1] = i
    for j = i * i, N, i do comp[j] = true end
  end
end
print(#primes, primes[#primes], primes[100])
