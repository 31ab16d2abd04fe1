-- awfy_sieve: Are-We-Fast-Yet "Sieve", written for this suite from the AWFY
-- algorithm: the sieve of Eratosthenes over 1..5000 counts 669 primes.
-- run_iter(n) runs the benchmark n times and checks every result.

local Sieve = {}
Sieve.__index = Sieve

function Sieve:sieve(flags, size)
  local prime_count = 0
  for i = 2, size do
    if flags[i - 1] then
      prime_count = prime_count + 1
      local k = i + i
      while k <= size do
        flags[k - 1] = false
        k = k + i
      end
    end
  end
  return prime_count
end

function Sieve:benchmark()
  local flags = {}
  for i = 1, 5000 do flags[i] = true end
  return self:sieve(flags, 5000)
end

function Sieve:verify_result(result)
  return result == 669
end

function run_iter(n)
  local bench = setmetatable({}, Sieve)
  for _ = 1, n do
    local r = bench:benchmark()
    if not bench:verify_result(r) then
      error(string.format("awfy_sieve: result %d, expected 669", r))
    end
  end
end
