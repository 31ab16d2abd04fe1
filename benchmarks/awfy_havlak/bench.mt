-- awfy_havlak: Are-We-Fast-Yet "Havlak", written for this suite from the
-- loop-recognition benchmark (Havlak's algorithm over a synthetic control
-- flow graph) in AWFY's object structure: BasicBlock, BasicBlockEdge,
-- ControlFlowGraph, SimpleLoop, LoopStructureGraph, UnionFindNode,
-- HavlakLoopFinder, LoopTesterApp, with som-style Vector, IdentitySet and
-- IdentityDictionary (bit operations of the hashing done arithmetically).
-- run_iter(n) is AWFY's inner_benchmark_loop(n): main(n, 50, 10, 10, 5),
-- i.e. n dummy loop searches on a small graph, then 51 searches on a
-- 5213-node graph. Known results {loops, nodes}: 1 -> 1605/5213,
-- 15 -> 1647/5213, 150 -> 2052/5213, 1500 -> 6102/5213, 15000 ->
-- 46602/5213; other n must repeat the first iteration's result.

local KNOWN_LOOPS = { [1] = 1605, [15] = 1647, [150] = 2052, [1500] = 6102,
                      [15000] = 46602 }
local EXPECT_NODES = 5213

---------------------------------------------------------------- som Vector
-- 0-based at/at_put as in AWFY; elements live at storage[first_idx + i].
local Vector = {}
Vector.__index = Vector

function Vector.new()
  return setmetatable({ storage = {}, first_idx = 1, last_idx = 1 }, Vector)
end

function Vector:at(idx)
  return self.storage[self.first_idx + idx]
end

function Vector:at_put(idx, val)
  local i = self.first_idx + idx
  self.storage[i] = val
  if i >= self.last_idx then self.last_idx = i + 1 end
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

function Vector:remove_all()
  self.storage = {}
  self.first_idx = 1
  self.last_idx = 1
end

----------------------------------------------------------- som IdentitySet
local IdentitySet = {}
IdentitySet.__index = IdentitySet

function IdentitySet.new()
  return setmetatable({ items = Vector.new() }, IdentitySet)
end

function IdentitySet:contains(obj)
  return self.items:has_some(function(it) return it == obj end)
end

function IdentitySet:add(obj)
  if not self:contains(obj) then self.items:append(obj) end
end

function IdentitySet:each(fn)
  self.items:each(fn)
end

function IdentitySet:size()
  return self.items:size()
end

---------------------------------------------------- som IdentityDictionary
-- Chained buckets, doubled when size exceeds the bucket count. AWFY's
-- hash h ^ (h >>> 16) is h for these keys (block names < 2^16) and the
-- bucket (n - 1) & h is h % n for n a power of two.
local IdentityDictionary = {}
IdentityDictionary.__index = IdentityDictionary

function IdentityDictionary.new()
  return setmetatable({ buckets = {}, nbuckets = 16, size = 0 },
                      IdentityDictionary)
end

function IdentityDictionary:at(key)
  local e = self.buckets[key:custom_hash() % self.nbuckets + 1]
  while e ~= nil do
    if e.key == key then return e.value end
    e = e.next
  end
  return nil
end

function IdentityDictionary:resize()
  local old, old_n = self.buckets, self.nbuckets
  self.nbuckets = old_n * 2
  self.buckets = {}
  for i = 1, old_n do
    local e = old[i]
    while e ~= nil do
      local next_e = e.next
      local idx = e.hash % self.nbuckets + 1
      e.next = self.buckets[idx]
      self.buckets[idx] = e
      e = next_e
    end
  end
end

function IdentityDictionary:at_put(key, value)
  local hash = key:custom_hash()
  local idx = hash % self.nbuckets + 1
  local e = self.buckets[idx]
  while e ~= nil do
    if e.key == key then
      e.value = value
      return
    end
    e = e.next
  end
  self.buckets[idx] = { key = key, value = value, hash = hash,
                        next = self.buckets[idx] }
  self.size = self.size + 1
  if self.size > self.nbuckets then self:resize() end
end

function IdentityDictionary:remove_all()
  self.buckets = {}
  self.size = 0
end

------------------------------------------------------------- the CFG model
local BasicBlock = {}
BasicBlock.__index = BasicBlock

function BasicBlock.new(name)
  return setmetatable({ in_edges = Vector.new(), out_edges = Vector.new(),
                        name = name }, BasicBlock)
end

function BasicBlock:custom_hash()
  return self.name
end

function BasicBlock:add_out_edge(to)
  self.out_edges:append(to)
end

function BasicBlock:add_in_edge(from)
  self.in_edges:append(from)
end

local ControlFlowGraph = {}
ControlFlowGraph.__index = ControlFlowGraph

function ControlFlowGraph.new()
  return setmetatable({ basic_block_map = Vector.new(), start_node = nil,
                        edge_list = Vector.new() }, ControlFlowGraph)
end

function ControlFlowGraph:create_node(name)
  local node = self.basic_block_map:at(name)
  if node == nil then
    node = BasicBlock.new(name)
    self.basic_block_map:at_put(name, node)
  end
  if self:get_num_nodes() == 1 then self.start_node = node end
  return node
end

function ControlFlowGraph:add_edge(edge)
  self.edge_list:append(edge)
end

function ControlFlowGraph:get_num_nodes()
  return self.basic_block_map:size()
end

local BasicBlockEdge = {}
BasicBlockEdge.__index = BasicBlockEdge

function BasicBlockEdge.new(cfg, from_name, to_name)
  local self = setmetatable({}, BasicBlockEdge)
  self.from = cfg:create_node(from_name)
  self.to = cfg:create_node(to_name)
  self.from:add_out_edge(self.to)
  self.to:add_in_edge(self.from)
  cfg:add_edge(self)
  return self
end

-------------------------------------------------------------------- loops
local SimpleLoop = {}
SimpleLoop.__index = SimpleLoop

function SimpleLoop.new(bb, is_reducible)
  local self = setmetatable({ is_reducible = is_reducible, parent = nil,
                              is_root = false, nesting_level = 0,
                              depth_level = 0, counter = 0,
                              basic_blocks = IdentitySet.new(),
                              children = IdentitySet.new(), header = bb },
                            SimpleLoop)
  if bb ~= nil then self.basic_blocks:add(bb) end
  return self
end

function SimpleLoop:add_node(bb)
  self.basic_blocks:add(bb)
end

function SimpleLoop:add_child_loop(loop)
  self.children:add(loop)
end

function SimpleLoop:set_parent(parent)
  self.parent = parent
  self.parent:add_child_loop(self)
end

function SimpleLoop:set_nesting_level(level)
  self.nesting_level = level
  if level == 0 then self.is_root = true end
end

local LoopStructureGraph = {}
LoopStructureGraph.__index = LoopStructureGraph

function LoopStructureGraph.new()
  local self = setmetatable({ root = SimpleLoop.new(nil, true),
                              loops = Vector.new(), loop_counter = 0 },
                            LoopStructureGraph)
  self.root:set_nesting_level(0)
  self.root.counter = self.loop_counter
  self.loop_counter = self.loop_counter + 1
  self.loops:append(self.root)
  return self
end

function LoopStructureGraph:create_new_loop(bb, is_reducible)
  local loop = SimpleLoop.new(bb, is_reducible)
  loop.counter = self.loop_counter
  self.loop_counter = self.loop_counter + 1
  self.loops:append(loop)
  return loop
end

function LoopStructureGraph:calculate_nesting_level()
  self.loops:each(function(liter)
    if not liter.is_root and liter.parent == nil then
      liter:set_parent(self.root)
    end
  end)
  self:calculate_nesting_level_rec(self.root, 0)
end

function LoopStructureGraph:calculate_nesting_level_rec(loop, depth)
  loop.depth_level = depth
  loop.children:each(function(liter)
    self:calculate_nesting_level_rec(liter, depth + 1)
    loop:set_nesting_level(math.max(loop.nesting_level,
                                    1 + liter.nesting_level))
  end)
end

function LoopStructureGraph:get_num_loops()
  return self.loops:size()
end

------------------------------------------------------------ UnionFindNode
local UnionFindNode = {}
UnionFindNode.__index = UnionFindNode

function UnionFindNode.new()
  return setmetatable({ parent = nil, bb = nil, dfs_number = 0, loop = nil },
                      UnionFindNode)
end

function UnionFindNode:init_node(bb, dfs_number)
  self.parent = self
  self.bb = bb
  self.dfs_number = dfs_number
  self.loop = nil
end

-- As in AWFY, the nodes on the path are pointed at this node's parent.
function UnionFindNode:find_set()
  local node_list = Vector.new()
  local node = self
  while node ~= node.parent do
    if node.parent ~= node.parent.parent then node_list:append(node) end
    node = node.parent
  end
  node_list:each(function(iter) iter:union(self.parent) end)
  return node
end

function UnionFindNode:union(basic_block)
  self.parent = basic_block
end

--------------------------------------------------------- HavlakLoopFinder
local BB_NONHEADER, BB_REDUCIBLE, BB_SELF = 1, 2, 3
local BB_IRREDUCIBLE, BB_DEAD = 4, 5
local UNVISITED = 2147483647
local MAXNONBACKPREDS = 32 * 1024

local HavlakLoopFinder = {}
HavlakLoopFinder.__index = HavlakLoopFinder

function HavlakLoopFinder.new(cfg, lsg)
  return setmetatable({ cfg = cfg, lsg = lsg,
                        non_back_preds = Vector.new(),
                        back_preds = Vector.new(),
                        number = IdentityDictionary.new(), max_size = 0,
                        header = nil, type = nil, last = nil, nodes = nil },
                      HavlakLoopFinder)
end

-- Arrays below are 0-based like AWFY's int[] (index 0 is a hash key).
function HavlakLoopFinder:is_ancestor(w, v)
  return w <= v and v <= self.last[w]
end

function HavlakLoopFinder:do_dfs(current_node, current)
  self.nodes[current]:init_node(current_node, current)
  self.number:at_put(current_node, current)
  local last_id = current
  local outer_blocks = current_node.out_edges
  for i = 0, outer_blocks:size() - 1 do
    local target = outer_blocks:at(i)
    if self.number:at(target) == UNVISITED then
      last_id = self:do_dfs(target, last_id + 1)
    end
  end
  self.last[current] = last_id
  return last_id
end

function HavlakLoopFinder:init_all_nodes()
  self.cfg.basic_block_map:each(function(bb)
    self.number:at_put(bb, UNVISITED)
  end)
  self:do_dfs(self.cfg.start_node, 0)
end

function HavlakLoopFinder:process_edges(node_w, w)
  local number = self.number
  node_w.in_edges:each(function(node_v)
    local v = number:at(node_v)
    if v ~= UNVISITED then
      if self:is_ancestor(w, v) then
        self.back_preds:at(w):append(v)
      else
        self.non_back_preds:at(w):add(v)
      end
    end
  end)
end

function HavlakLoopFinder:identify_edges(size)
  for w = 0, size - 1 do
    self.header[w] = 0
    self.type[w] = BB_NONHEADER
    local node_w = self.nodes[w].bb
    if node_w == nil then
      self.type[w] = BB_DEAD
    else
      self:process_edges(node_w, w)
    end
  end
end

function HavlakLoopFinder:step_d(w, node_pool)
  self.back_preds:at(w):each(function(v)
    if v ~= w then
      node_pool:append(self.nodes[v]:find_set())
    else
      self.type[w] = BB_SELF
    end
  end)
end

function HavlakLoopFinder:step_e_process_non_back_preds(w, node_pool,
                                                        work_list, x)
  self.non_back_preds:at(x.dfs_number):each(function(iter)
    local y = self.nodes[iter]
    local ydash = y:find_set()
    if not self:is_ancestor(w, ydash.dfs_number) then
      self.type[w] = BB_IRREDUCIBLE
      self.non_back_preds:at(w):add(ydash.dfs_number)
    elseif ydash.dfs_number ~= w then
      if not node_pool:has_some(function(e) return e == ydash end) then
        work_list:append(ydash)
        node_pool:append(ydash)
      end
    end
  end)
end

function HavlakLoopFinder:set_loop_attribute(w, node_pool, loop)
  self.nodes[w].loop = loop
  node_pool:each(function(node)
    node:union(self.nodes[w])
    if node.loop ~= nil then
      node.loop:set_parent(loop)
    else
      loop:add_node(node.bb)
    end
  end)
end

function HavlakLoopFinder:find_loops()
  if self.cfg.start_node == nil then return end
  local size = self.cfg:get_num_nodes()
  self.non_back_preds:remove_all()
  self.back_preds:remove_all()
  self.number:remove_all()
  if size > self.max_size then
    self.header, self.type, self.last, self.nodes = {}, {}, {}, {}
    self.max_size = size
  end
  for i = 0, size - 1 do
    self.non_back_preds:append(IdentitySet.new())
    self.back_preds:append(Vector.new())
    self.nodes[i] = UnionFindNode.new()
  end
  self:init_all_nodes()
  self:identify_edges(size)
  self.header[0] = 0
  for w = size - 1, 0, -1 do
    local node_pool = Vector.new()
    local node_w = self.nodes[w].bb
    if node_w ~= nil then
      self:step_d(w, node_pool)
      local work_list = Vector.new()
      node_pool:each(function(niter) work_list:append(niter) end)
      if node_pool:size() ~= 0 then self.type[w] = BB_REDUCIBLE end
      while not work_list:is_empty() do
        local x = work_list:remove_first()
        local non_back_size = self.non_back_preds:at(x.dfs_number):size()
        if non_back_size > MAXNONBACKPREDS then return end
        self:step_e_process_non_back_preds(w, node_pool, work_list, x)
      end
      if node_pool:size() > 0 or self.type[w] == BB_SELF then
        local loop = self.lsg:create_new_loop(node_w,
                                              self.type[w] ~= BB_IRREDUCIBLE)
        self:set_loop_attribute(w, node_pool, loop)
      end
    end
  end
end

------------------------------------------------------------ LoopTesterApp
local LoopTesterApp = {}
LoopTesterApp.__index = LoopTesterApp

function LoopTesterApp.new()
  local self = setmetatable({ cfg = ControlFlowGraph.new(),
                              lsg = LoopStructureGraph.new() }, LoopTesterApp)
  self.cfg:create_node(0)
  return self
end

function LoopTesterApp:build_diamond(start)
  local bb0 = start
  BasicBlockEdge.new(self.cfg, bb0, bb0 + 1)
  BasicBlockEdge.new(self.cfg, bb0, bb0 + 2)
  BasicBlockEdge.new(self.cfg, bb0 + 1, bb0 + 3)
  BasicBlockEdge.new(self.cfg, bb0 + 2, bb0 + 3)
  return bb0 + 3
end

function LoopTesterApp:build_connect(start, finish)
  BasicBlockEdge.new(self.cfg, start, finish)
end

function LoopTesterApp:build_straight(start, n)
  for i = 0, n - 1 do self:build_connect(start + i, start + i + 1) end
  return start + n
end

function LoopTesterApp:build_base_loop(from)
  local header = self:build_straight(from, 1)
  local diamond1 = self:build_diamond(header)
  local d11 = self:build_straight(diamond1, 1)
  local diamond2 = self:build_diamond(d11)
  local footer = self:build_straight(diamond2, 1)
  self:build_connect(diamond2, d11)
  self:build_connect(diamond1, header)
  self:build_connect(footer, from)
  footer = self:build_straight(footer, 1)
  return footer
end

function LoopTesterApp:construct_simple_cfg()
  self.cfg:create_node(0)
  self:build_base_loop(0)
  self.cfg:create_node(1)
  BasicBlockEdge.new(self.cfg, 0, 2)
end

function LoopTesterApp:find_loops(loop_structure)
  HavlakLoopFinder.new(self.cfg, loop_structure):find_loops()
end

function LoopTesterApp:add_dummy_loops(num_dummy_loops)
  for _ = 1, num_dummy_loops do self:find_loops(self.lsg) end
end

function LoopTesterApp:construct_cfg(par_loops, ppar_loops, ppp_loops)
  local n = 2
  for _ = 1, par_loops do
    self.cfg:create_node(n + 1)
    self:build_connect(2, n + 1)
    n = n + 1
    for _ = 1, ppar_loops do
      local top = n
      n = self:build_straight(n, 1)
      for _ = 1, ppp_loops do n = self:build_base_loop(n) end
      local bottom = self:build_straight(n, 1)
      self:build_connect(n, top)
      n = bottom
    end
    self:build_connect(n, 1)
  end
end

-- Returns {number of loops, number of CFG nodes}.
function LoopTesterApp:main(num_dummy_loops, find_loop_iterations,
                            par_loops, ppar_loops, ppp_loops)
  self:construct_simple_cfg()
  self:add_dummy_loops(num_dummy_loops)
  self:construct_cfg(par_loops, ppar_loops, ppp_loops)
  self:find_loops(self.lsg)
  for _ = 1, find_loop_iterations do
    self:find_loops(LoopStructureGraph.new())
  end
  self.lsg:calculate_nesting_level()
  return { self.lsg:get_num_loops(), self.cfg:get_num_nodes() }
end

local first_loops = nil

function run_iter(n)
  local result = LoopTesterApp.new():main(n, 50, 10, 10, 5)
  local loops = KNOWN_LOOPS[n]
  if loops == nil then
    if first_loops == nil then first_loops = result[1] end
    loops = first_loops
  end
  if result[1] ~= loops or result[2] ~= EXPECT_NODES then
    error(string.format("awfy_havlak: n = %d gave %d loops, %d nodes; " ..
                        "expected %d, %d", n, result[1], result[2], loops,
                        EXPECT_NODES))
  end
end
