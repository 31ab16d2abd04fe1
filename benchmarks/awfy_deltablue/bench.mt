-- awfy_deltablue: Are-We-Fast-Yet "DeltaBlue", written for this suite from
-- the DeltaBlue incremental constraint solver (Maloney/Freeman-Benson) in
-- AWFY's object structure: Sym/Strength with IdentityDictionary lookup
-- tables, AbstractConstraint -> Unary (Edit, Stay) / Binary (Equality,
-- Scale), Variable, Plan, Planner, and a som-style Vector iterated with
-- closures. Bit operations of the original hashing are arithmetic here.
-- run_iter(n) is AWFY's inner_benchmark_loop(n): chain_test(n) then
-- projection_test(n), which raise an error when a propagated value is wrong
-- (chain: the edited value reaches the far end over 100 edits; projection:
-- 1170, 5, then i*5+1000 and i*5+2000).

---------------------------------------------------------------- som Vector
local Vector = {}
Vector.__index = Vector

function Vector.new()
  return setmetatable({ storage = {}, first_idx = 1, last_idx = 1 }, Vector)
end

function Vector.with(elem)
  local v = Vector.new()
  v:append(elem)
  return v
end

function Vector:at(idx)
  return self.storage[self.first_idx + idx - 1]
end

function Vector:append(elem)
  self.storage[self.last_idx] = elem
  self.last_idx = self.last_idx + 1
end

function Vector:is_empty()
  return self.last_idx == self.first_idx
end

function Vector:size()
  return self.last_idx - self.first_idx
end

function Vector:each(fn)
  for i = self.first_idx, self.last_idx - 1 do fn(self.storage[i]) end
end

function Vector:has_some(fn)
  for i = self.first_idx, self.last_idx - 1 do
    if fn(self.storage[i]) then return true end
  end
  return false
end

function Vector:remove_first()
  if self:is_empty() then return nil end
  local elem = self.storage[self.first_idx]
  self.storage[self.first_idx] = nil
  self.first_idx = self.first_idx + 1
  return elem
end

-- Removes every occurrence of obj; the closure writes the upvalues found
-- and new_last, as in AWFY's Lua port.
function Vector:remove(obj)
  local new_array = {}
  local new_last = 1
  local found = false
  self:each(function(it)
    if it == obj then
      found = true
    else
      new_array[new_last] = it
      new_last = new_last + 1
    end
  end)
  self.storage = new_array
  self.first_idx = 1
  self.last_idx = new_last
  return found
end

-- Stable merge sort of the live range; less(a, b) is a strict order.
local function merge_sort(a, lo, hi, less, tmp)
  if hi - lo < 1 then return end
  local mid = math.floor((lo + hi) / 2)
  merge_sort(a, lo, mid, less, tmp)
  merge_sort(a, mid + 1, hi, less, tmp)
  local i, j, k = lo, mid + 1, lo
  while i <= mid and j <= hi do
    if less(a[j], a[i]) then
      tmp[k] = a[j]
      j = j + 1
    else
      tmp[k] = a[i]
      i = i + 1
    end
    k = k + 1
  end
  while i <= mid do tmp[k] = a[i]; i = i + 1; k = k + 1 end
  while j <= hi do tmp[k] = a[j]; j = j + 1; k = k + 1 end
  for m = lo, hi do a[m] = tmp[m] end
end

function Vector:sort(less)
  merge_sort(self.storage, self.first_idx, self.last_idx - 1, less, {})
end

------------------------------------------------------ som IdentityDictionary
local IdentityDictionary = {}
IdentityDictionary.__index = IdentityDictionary

local BUCKETS = 16

function IdentityDictionary.new()
  return setmetatable({ buckets = {}, size = 0 }, IdentityDictionary)
end

-- AWFY: h = key.customHash(); h ^ (h >>> 16), bucket (n - 1) & h. Every
-- key here hashes below 2^16, where that is h, and (n - 1) & h is h % n.
local function bucket_index(key)
  return key:custom_hash() % BUCKETS + 1
end

function IdentityDictionary:at(key)
  local e = self.buckets[bucket_index(key)]
  while e ~= nil do
    if e.key == key then return e.value end
    e = e.next
  end
  return nil
end

function IdentityDictionary:at_put(key, value)
  local idx = bucket_index(key)
  local e = self.buckets[idx]
  while e ~= nil do
    if e.key == key then
      e.value = value
      return
    end
    e = e.next
  end
  self.buckets[idx] = { key = key, value = value, next = self.buckets[idx] }
  self.size = self.size + 1
end

---------------------------------------------------------- Sym and Strength
local Sym = {}
Sym.__index = Sym

function Sym.new(hash)
  return setmetatable({ hash = hash }, Sym)
end

function Sym:custom_hash()
  return self.hash
end

local ABSOLUTE_STRONGEST = Sym.new(0)
local REQUIRED = Sym.new(1)
local STRONG_PREFERRED = Sym.new(2)
local PREFERRED = Sym.new(3)
local STRONG_DEFAULT = Sym.new(4)
local NORMAL = Sym.new(5)
local WEAK_DEFAULT = Sym.new(6)
local ABSOLUTE_WEAKEST = Sym.new(7)

local Strength = {}
Strength.__index = Strength

local strength_table = IdentityDictionary.new()
strength_table:at_put(ABSOLUTE_STRONGEST, -10000)
strength_table:at_put(REQUIRED, -800)
strength_table:at_put(STRONG_PREFERRED, -600)
strength_table:at_put(PREFERRED, -400)
strength_table:at_put(STRONG_DEFAULT, -200)
strength_table:at_put(NORMAL, 0)
strength_table:at_put(WEAK_DEFAULT, 500)
strength_table:at_put(ABSOLUTE_WEAKEST, 10000)

function Strength.new(symbolic_value)
  return setmetatable({ symbolic_value = symbolic_value,
                        arithmetic_value = strength_table:at(symbolic_value) },
                      Strength)
end

local strength_constant = IdentityDictionary.new()
do
  local syms = { ABSOLUTE_STRONGEST, REQUIRED, STRONG_PREFERRED, PREFERRED,
                 STRONG_DEFAULT, NORMAL, WEAK_DEFAULT, ABSOLUTE_WEAKEST }
  for i = 1, #syms do strength_constant:at_put(syms[i], Strength.new(syms[i])) end
end

function Strength.of(sym)
  return strength_constant:at(sym)
end

function Strength:same_as(s)
  return self.arithmetic_value == s.arithmetic_value
end

function Strength:stronger(s)
  return self.arithmetic_value < s.arithmetic_value
end

function Strength:weaker(s)
  return self.arithmetic_value > s.arithmetic_value
end

function Strength:strongest(s)
  if s:stronger(self) then return s end
  return self
end

function Strength:weakest(s)
  if s:weaker(self) then return s end
  return self
end

local STRENGTH_ABSOLUTE_WEAKEST = Strength.of(ABSOLUTE_WEAKEST)
local STRENGTH_REQUIRED = Strength.of(REQUIRED)

------------------------------------------------------------------ Variable
local Variable = {}
Variable.__index = Variable

function Variable.new()
  return setmetatable({ value = 0, constraints = Vector.new(),
                        determined_by = nil, mark = 0,
                        walk_strength = STRENGTH_ABSOLUTE_WEAKEST,
                        stay = true }, Variable)
end

function Variable.value_of(v)
  local var = Variable.new()
  var.value = v
  return var
end

function Variable:add_constraint(c)
  self.constraints:append(c)
end

function Variable:remove_constraint(c)
  self.constraints:remove(c)
  if self.determined_by == c then self.determined_by = nil end
end

-------------------------------------------------------- AbstractConstraint
local AbstractConstraint = {}
AbstractConstraint.__index = AbstractConstraint

function AbstractConstraint.init(self, strength_sym)
  self.strength = Strength.of(strength_sym)
end

function AbstractConstraint:is_input()
  return false
end

function AbstractConstraint:add_constraint(planner)
  self:add_to_graph()
  planner:incremental_add(self)
end

function AbstractConstraint:destroy_constraint(planner)
  if self:is_satisfied() then planner:incremental_remove(self) end
  self:remove_from_graph()
end

function AbstractConstraint:inputs_known(mark)
  return not self:inputs_has_one(function(v)
    return not (v.mark == mark or v.stay or v.determined_by == nil)
  end)
end

function AbstractConstraint:satisfy(mark, planner)
  local overridden
  self:choose_method(mark)
  if self:is_satisfied() then
    self:inputs_do(function(input) input.mark = mark end)
    local out = self:get_output()
    overridden = out.determined_by
    if overridden ~= nil then overridden:mark_unsatisfied() end
    out.determined_by = self
    if not planner:add_propagate(self, mark) then
      error("Cycle encountered")
    end
    out.mark = mark
  else
    overridden = nil
    if self.strength:same_as(STRENGTH_REQUIRED) then
      error("Could not satisfy a required constraint")
    end
  end
  return overridden
end

----------------------------------------------------------- UnaryConstraint
local UnaryConstraint = setmetatable({}, { __index = AbstractConstraint })
UnaryConstraint.__index = UnaryConstraint

function UnaryConstraint.init(self, v, strength, planner)
  AbstractConstraint.init(self, strength)
  self.output = v
  self.satisfied = false
  self:add_constraint(planner)
end

function UnaryConstraint:add_to_graph()
  self.output:add_constraint(self)
  self.satisfied = false
end

function UnaryConstraint:remove_from_graph()
  if self.output ~= nil then self.output:remove_constraint(self) end
  self.satisfied = false
end

function UnaryConstraint:choose_method(mark)
  self.satisfied = self.output.mark ~= mark
                   and self.strength:stronger(self.output.walk_strength)
end

function UnaryConstraint:is_satisfied()
  return self.satisfied
end

function UnaryConstraint:mark_unsatisfied()
  self.satisfied = false
end

function UnaryConstraint:get_output()
  return self.output
end

function UnaryConstraint:inputs_do(fn)
  -- no inputs
end

function UnaryConstraint:inputs_has_one(fn)
  return false
end

function UnaryConstraint:recalculate()
  self.output.walk_strength = self.strength
  self.output.stay = not self:is_input()
  if self.output.stay then self:execute() end
end

local EditConstraint = setmetatable({}, { __index = UnaryConstraint })
EditConstraint.__index = EditConstraint

function EditConstraint.new(v, strength, planner)
  local self = setmetatable({}, EditConstraint)
  UnaryConstraint.init(self, v, strength, planner)
  return self
end

function EditConstraint:is_input()
  return true
end

function EditConstraint:execute()
  -- edits are executed by the plan's caller
end

local StayConstraint = setmetatable({}, { __index = UnaryConstraint })
StayConstraint.__index = StayConstraint

function StayConstraint.new(v, strength, planner)
  local self = setmetatable({}, StayConstraint)
  UnaryConstraint.init(self, v, strength, planner)
  return self
end

function StayConstraint:execute()
  -- stay constraints do nothing
end

---------------------------------------------------------- BinaryConstraint
local NONE, FORWARD, BACKWARD = "none", "forward", "backward"

local BinaryConstraint = setmetatable({}, { __index = AbstractConstraint })
BinaryConstraint.__index = BinaryConstraint

function BinaryConstraint.init(self, var1, var2, strength)
  AbstractConstraint.init(self, strength)
  self.v1 = var1
  self.v2 = var2
  self.direction = NONE
end

function BinaryConstraint:is_satisfied()
  return self.direction ~= NONE
end

function BinaryConstraint:add_to_graph()
  self.v1:add_constraint(self)
  self.v2:add_constraint(self)
  self.direction = NONE
end

function BinaryConstraint:remove_from_graph()
  if self.v1 ~= nil then self.v1:remove_constraint(self) end
  if self.v2 ~= nil then self.v2:remove_constraint(self) end
  self.direction = NONE
end

-- As in AWFY (and Octane), the last if/else decides the direction.
function BinaryConstraint:choose_method(mark)
  local v1, v2, strength = self.v1, self.v2, self.strength
  if v1.mark == mark then
    if v2.mark ~= mark and strength:stronger(v2.walk_strength) then
      self.direction = FORWARD
    else
      self.direction = NONE
    end
  end
  if v2.mark == mark then
    if v1.mark ~= mark and strength:stronger(v1.walk_strength) then
      self.direction = BACKWARD
    else
      self.direction = NONE
    end
  end
  if v1.walk_strength:weaker(v2.walk_strength) then
    if strength:stronger(v1.walk_strength) then
      self.direction = BACKWARD
    else
      self.direction = NONE
    end
  else
    if strength:stronger(v2.walk_strength) then
      self.direction = FORWARD
    else
      self.direction = BACKWARD
    end
  end
end

function BinaryConstraint:inputs_do(fn)
  if self.direction == FORWARD then fn(self.v1) else fn(self.v2) end
end

function BinaryConstraint:inputs_has_one(fn)
  if self.direction == FORWARD then return fn(self.v1) end
  return fn(self.v2)
end

function BinaryConstraint:mark_unsatisfied()
  self.direction = NONE
end

function BinaryConstraint:get_output()
  if self.direction == FORWARD then return self.v2 end
  return self.v1
end

function BinaryConstraint:recalculate()
  local ihn, out
  if self.direction == FORWARD then
    ihn = self.v1
    out = self.v2
  else
    ihn = self.v2
    out = self.v1
  end
  out.walk_strength = self.strength:weakest(ihn.walk_strength)
  out.stay = ihn.stay
  if out.stay then self:execute() end
end

local EqualityConstraint = setmetatable({}, { __index = BinaryConstraint })
EqualityConstraint.__index = EqualityConstraint

function EqualityConstraint.new(var1, var2, strength, planner)
  local self = setmetatable({}, EqualityConstraint)
  BinaryConstraint.init(self, var1, var2, strength)
  self:add_constraint(planner)
  return self
end

function EqualityConstraint:execute()
  if self.direction == FORWARD then
    self.v2.value = self.v1.value
  else
    self.v1.value = self.v2.value
  end
end

local ScaleConstraint = setmetatable({}, { __index = BinaryConstraint })
ScaleConstraint.__index = ScaleConstraint

function ScaleConstraint.new(src, scale, offset, dest, strength, planner)
  local self = setmetatable({}, ScaleConstraint)
  BinaryConstraint.init(self, src, dest, strength)
  self.scale = scale
  self.offset = offset
  self:add_constraint(planner)
  return self
end

function ScaleConstraint:add_to_graph()
  BinaryConstraint.add_to_graph(self)
  self.scale:add_constraint(self)
  self.offset:add_constraint(self)
end

function ScaleConstraint:remove_from_graph()
  BinaryConstraint.remove_from_graph(self)
  if self.scale ~= nil then self.scale:remove_constraint(self) end
  if self.offset ~= nil then self.offset:remove_constraint(self) end
end

function ScaleConstraint:inputs_do(fn)
  if self.direction == FORWARD then fn(self.v1) else fn(self.v2) end
  fn(self.scale)
  fn(self.offset)
end

function ScaleConstraint:inputs_has_one(fn)
  if self.direction == FORWARD then
    return fn(self.v1) or fn(self.scale) or fn(self.offset)
  end
  return fn(self.v2) or fn(self.scale) or fn(self.offset)
end

function ScaleConstraint:execute()
  if self.direction == FORWARD then
    self.v2.value = self.v1.value * self.scale.value + self.offset.value
  else
    self.v1.value = (self.v2.value - self.offset.value) / self.scale.value
  end
end

function ScaleConstraint:recalculate()
  local ihn, out
  if self.direction == FORWARD then
    ihn = self.v1
    out = self.v2
  else
    ihn = self.v2
    out = self.v1
  end
  out.walk_strength = self.strength:weakest(ihn.walk_strength)
  out.stay = ihn.stay and self.scale.stay and self.offset.stay
  if out.stay then self:execute() end
end

---------------------------------------------------------------------- Plan
local Plan = setmetatable({}, { __index = Vector })
Plan.__index = Plan

function Plan.new()
  return setmetatable(Vector.new(), Plan)
end

function Plan:execute()
  self:each(function(c) c:execute() end)
end

------------------------------------------------------------------- Planner
local Planner = {}
Planner.__index = Planner

function Planner.new()
  return setmetatable({ current_mark = 1 }, Planner)
end

function Planner:new_mark()
  self.current_mark = self.current_mark + 1
  return self.current_mark
end

function Planner:incremental_add(c)
  local mark = self:new_mark()
  local overridden = c:satisfy(mark, self)
  while overridden ~= nil do
    overridden = overridden:satisfy(mark, self)
  end
end

function Planner:incremental_remove(c)
  local out = c:get_output()
  c:mark_unsatisfied()
  c:remove_from_graph()
  local unsatisfied = self:remove_propagate_from(out)
  unsatisfied:each(function(u) self:incremental_add(u) end)
end

function Planner:extract_plan_from_constraints(constraints)
  local sources = Vector.new()
  constraints:each(function(c)
    if c:is_input() and c:is_satisfied() then sources:append(c) end
  end)
  return self:make_plan(sources)
end

function Planner:make_plan(sources)
  local mark = self:new_mark()
  local plan = Plan.new()
  local todo = sources
  while not todo:is_empty() do
    local c = todo:remove_first()
    if c:get_output().mark ~= mark and c:inputs_known(mark) then
      plan:append(c)
      c:get_output().mark = mark
      self:add_constraints_consuming_to(c:get_output(), todo)
    end
  end
  return plan
end

function Planner:add_propagate(c, mark)
  local todo = Vector.with(c)
  while not todo:is_empty() do
    local d = todo:remove_first()
    if d:get_output().mark == mark then
      self:incremental_remove(c)
      return false
    end
    d:recalculate()
    self:add_constraints_consuming_to(d:get_output(), todo)
  end
  return true
end

function Planner:change(var, new_value)
  local edit_c = EditConstraint.new(var, PREFERRED, self)
  local plan = self:extract_plan_from_constraints(Vector.with(edit_c))
  for _ = 1, 10 do
    var.value = new_value
    plan:execute()
  end
  edit_c:destroy_constraint(self)
end

function Planner:constraints_consuming(v, fn)
  local determining_c = v.determined_by
  v.constraints:each(function(c)
    if c ~= determining_c and c:is_satisfied() then fn(c) end
  end)
end

function Planner:add_constraints_consuming_to(v, coll)
  local determining_c = v.determined_by
  v.constraints:each(function(c)
    if c ~= determining_c and c:is_satisfied() then coll:append(c) end
  end)
end

function Planner:remove_propagate_from(out)
  local unsatisfied = Vector.new()
  out.determined_by = nil
  out.walk_strength = STRENGTH_ABSOLUTE_WEAKEST
  out.stay = true
  local todo = Vector.with(out)
  while not todo:is_empty() do
    local v = todo:remove_first()
    v.constraints:each(function(c)
      if not c:is_satisfied() then unsatisfied:append(c) end
    end)
    self:constraints_consuming(v, function(c)
      c:recalculate()
      todo:append(c:get_output())
    end)
  end
  unsatisfied:sort(function(c1, c2) return c1.strength:stronger(c2.strength) end)
  return unsatisfied
end

function Planner.chain_test(n)
  local planner = Planner.new()
  local vars = {}
  for i = 0, n do vars[i] = Variable.new() end
  for i = 0, n - 1 do
    EqualityConstraint.new(vars[i], vars[i + 1], REQUIRED, planner)
  end
  StayConstraint.new(vars[n], STRONG_DEFAULT, planner)
  local edit_c = EditConstraint.new(vars[0], PREFERRED, planner)
  local plan = planner:extract_plan_from_constraints(Vector.with(edit_c))
  for i = 0, 99 do
    vars[0].value = i
    plan:execute()
    if vars[n].value ~= i then error("Chain test failed!") end
  end
  edit_c:destroy_constraint(planner)
end

function Planner.projection_test(n)
  local planner = Planner.new()
  local dests = Vector.new()
  local scale = Variable.value_of(10)
  local offset = Variable.value_of(1000)
  local src, dst = nil, nil
  for i = 0, n - 1 do
    src = Variable.value_of(i)
    dst = Variable.value_of(i)
    dests:append(dst)
    StayConstraint.new(src, NORMAL, planner)
    ScaleConstraint.new(src, scale, offset, dst, REQUIRED, planner)
  end
  planner:change(src, 17)
  if dst.value ~= 1170 then error("Projection test 1 failed!") end
  planner:change(dst, 1050)
  if src.value ~= 5 then error("Projection test 2 failed!") end
  planner:change(scale, 5)
  for i = 0, n - 2 do
    if dests:at(i + 1).value ~= i * 5 + 1000 then
      error("Projection test 3 failed!")
    end
  end
  planner:change(offset, 2000)
  for i = 0, n - 2 do
    if dests:at(i + 1).value ~= i * 5 + 2000 then
      error("Projection test 4 failed!")
    end
  end
end

function run_iter(n)
  Planner.chain_test(n)
  Planner.projection_test(n)
end
