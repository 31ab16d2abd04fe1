-- fasta (warmup experiment), rewritten for L0 from the CLBG algorithm: no
-- load, no table.unpack, no varargs. One repetition generates, with line width
-- 60, the ALU sequence repeated for 2*N characters, then 3*N characters drawn
-- from the IUB table and 5*N from the Homo sapiens table with the benchmark
-- game's LCG (seed 42, x = (x*3877 + 29573) % 139968, reset each repetition).
-- Instead of writing, it sums the byte values of everything that would be
-- written (sequence lines and their newlines; the three '>' header lines are
-- not counted): 9611973 for N = 10000.
-- A random character is the first table entry whose cumulative probability
-- exceeds r, else the last entry. run_iter(n) repeats n times.

local N = 10000
local EXPECT_CKSUM = 9611973
local LINE = 60
local IM, IA, IC = 139968, 3877, 29573

local ALU =
  "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGG" ..
  "GAGGCCGAGGCGGGCGGATCACCTGAGGTCAGGAGTTCGAGA" ..
  "CCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAAT" ..
  "ACAAAAATTAGCCGGGCGTGGTGGCGCGCGCCTGTAATCCCA" ..
  "GCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGG" ..
  "AGGCGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCC" ..
  "AGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA"

local IUB = {
  { "a", 0.27 }, { "c", 0.12 }, { "g", 0.12 }, { "t", 0.27 },
  { "B", 0.02 }, { "D", 0.02 }, { "H", 0.02 }, { "K", 0.02 },
  { "M", 0.02 }, { "N", 0.02 }, { "R", 0.02 }, { "S", 0.02 },
  { "V", 0.02 }, { "W", 0.02 }, { "Y", 0.02 },
}

local HOMO_SAPIENS = {
  { "a", 0.3029549426680 }, { "c", 0.1979883004921 },
  { "g", 0.1975473066391 }, { "t", 0.3015094502008 },
}

local last = 42  -- LCG state; an upvalue written on every draw

local function random(max)
  last = (last * IA + IC) % IM
  return max * last / IM
end

-- The output sink: appends strings to a buffer and keeps a byte sum.
local Sink = {}
Sink.__index = Sink

local function new_sink()
  return setmetatable({ sum = 0 }, Sink)
end

function Sink:write(s)
  local sum = self.sum
  for i = 1, #s do sum = sum + s:byte(i) end
  self.sum = sum
end

local function repeat_fasta(sink, src, n)
  local len = #src
  local text = src .. src:sub(1, LINE)  -- so every line is one substring
  local pos = 1
  local todo = n
  while todo > 0 do
    local w = LINE
    if todo < w then w = todo end
    sink:write(text:sub(pos, pos + w - 1))
    sink:write("\n")
    pos = pos + w
    if pos > len then pos = pos - len end
    todo = todo - w
  end
end

-- Cumulative probabilities and the matching characters, as two arrays.
local function make_cumulative(tab)
  local chars, probs = {}, {}
  local p = 0
  for i = 1, #tab do
    p = p + tab[i][2]
    chars[i] = string.byte(tab[i][1])
    probs[i] = p
  end
  return { chars = chars, probs = probs, n = #tab }
end

local function pick(cum, r)
  local probs = cum.probs
  local last_i = cum.n
  for i = 1, last_i - 1 do
    if r < probs[i] then return cum.chars[i] end
  end
  return cum.chars[last_i]
end

local function random_fasta(sink, tab, n)
  local cum = make_cumulative(tab)
  local buf = {}
  local todo = n
  while todo > 0 do
    local w = LINE
    if todo < w then w = todo end
    for i = 1, w do buf[i] = string.char(pick(cum, random(1.0))) end
    for i = w + 1, LINE do buf[i] = nil end
    sink:write(table.concat(buf))
    sink:write("\n")
    todo = todo - w
  end
end

local function one_repetition()
  last = 42
  local sink = new_sink()
  repeat_fasta(sink, ALU, 2 * N)
  random_fasta(sink, IUB, 3 * N)
  random_fasta(sink, HOMO_SAPIENS, 5 * N)
  return sink.sum
end

function run_iter(n)
  for _ = 1, n do
    local sum = one_repetition()
    if sum ~= EXPECT_CKSUM then
      error(string.format("fasta: checksum %d, expected %d", sum, EXPECT_CKSUM))
    end
  end
end
