-- richards (warmup experiment; L0 version written from Martin Richards'
-- operating-system simulation as published in the V8/Octane suite). Six
-- tasks (idle, worker, two handlers, two devices) exchange packets through a
-- priority scheduler. With COUNT = 10000 the scheduler queues 23246 packets
-- and holds tasks 9297 times. Like the warmup experiment's version, task
-- behaviour is reached through a string key (self[task.kind]) and the idle
-- task's xor is done arithmetically. run_iter(n) repeats the kernel n times.

local COUNT = 10000
local EXPECT_QUEUE, EXPECT_HOLD = 23246, 9297

local ID_IDLE, ID_WORKER, ID_HANDLER_A, ID_HANDLER_B = 1, 2, 3, 4
local ID_DEVICE_A, ID_DEVICE_B = 5, 6
local KIND_DEVICE, KIND_WORK = 0, 1
local DATA_SIZE = 4

-- TCB state is the V8 bit set: 1 packet pending (runnable), 2 suspended,
-- 4 held. Bit updates are written with comparisons and + / -.
local STATE_RUNNING, STATE_SUSPENDED, STATE_SUSPENDED_RUNNABLE = 0, 2, 3

-- 16-bit exclusive or without bit operators.
local function xor16(a, b)
  local r, place = 0, 1
  for _ = 1, 16 do
    local abit, bbit = a % 2, b % 2
    if abit ~= bbit then r = r + place end
    a = math.floor(a / 2)
    b = math.floor(b / 2)
    place = place * 2
  end
  return r
end

local Packet = {}
Packet.__index = Packet

local function new_packet(link, id, kind)
  local a2 = {}
  for i = 1, DATA_SIZE do a2[i] = 0 end
  return setmetatable({ link = link, id = id, kind = kind, a1 = 0, a2 = a2 },
                      Packet)
end

function Packet:add_to(queue)
  self.link = nil
  if queue == nil then return self end
  local peek = queue
  local next_p = peek.link
  while next_p ~= nil do
    peek = next_p
    next_p = peek.link
  end
  peek.link = self
  return queue
end

local Tcb = {}
Tcb.__index = Tcb

local function new_tcb(link, id, priority, queue, task)
  local state = STATE_SUSPENDED_RUNNABLE
  if queue == nil then state = STATE_SUSPENDED end
  return setmetatable({ link = link, id = id, priority = priority,
                        queue = queue, task = task, state = state }, Tcb)
end

function Tcb:mark_not_held()
  if self.state >= 4 then self.state = self.state - 4 end
end

function Tcb:mark_held()
  if self.state < 4 then self.state = self.state + 4 end
end

function Tcb:mark_suspended()
  if self.state % 4 < 2 then self.state = self.state + 2 end
end

function Tcb:mark_runnable()
  if self.state % 2 == 0 then self.state = self.state + 1 end
end

function Tcb:is_held_or_suspended()
  return self.state >= 4 or self.state == STATE_SUSPENDED
end

function Tcb:run()
  local packet = nil
  if self.state == STATE_SUSPENDED_RUNNABLE then
    packet = self.queue
    self.queue = packet.link
    if self.queue == nil then self.state = STATE_RUNNING
    else self.state = 1 end
  end
  local task = self.task
  return task[task.kind](task, packet)
end

function Tcb:check_priority_add(task, packet)
  if self.queue == nil then
    self.queue = packet
    self:mark_runnable()
    if self.priority > task.priority then return self end
  else
    self.queue = packet:add_to(self.queue)
  end
  return task
end

local Scheduler = {}
Scheduler.__index = Scheduler

local function new_scheduler()
  return setmetatable({ queue_count = 0, hold_count = 0, blocks = {},
                        list = nil, current = nil, current_id = 0 }, Scheduler)
end

function Scheduler:add_task(id, priority, queue, task)
  self.current = new_tcb(self.list, id, priority, queue, task)
  self.list = self.current
  self.blocks[id] = self.current
end

function Scheduler:schedule()
  self.current = self.list
  while self.current ~= nil do
    local tcb = self.current
    if tcb:is_held_or_suspended() then
      self.current = tcb.link
    else
      self.current_id = tcb.id
      self.current = tcb:run()
    end
  end
end

function Scheduler:release(id)
  local tcb = self.blocks[id]
  if tcb == nil then return tcb end
  tcb:mark_not_held()
  if tcb.priority > self.current.priority then return tcb end
  return self.current
end

function Scheduler:hold_current()
  self.hold_count = self.hold_count + 1
  self.current:mark_held()
  return self.current.link
end

function Scheduler:suspend_current()
  self.current:mark_suspended()
  return self.current
end

function Scheduler:queue(packet)
  local t = self.blocks[packet.id]
  if t == nil then return t end
  self.queue_count = self.queue_count + 1
  packet.link = nil
  packet.id = self.current_id
  return t:check_priority_add(self.current, packet)
end

-- Task behaviours, selected by the string in task.kind.
local Task = {}
Task.__index = Task

local function new_task(scheduler, kind)
  return setmetatable({ scheduler = scheduler, kind = kind }, Task)
end

function Task:idle(packet)
  local s = self.scheduler
  self.count = self.count - 1
  if self.count == 0 then return s:hold_current() end
  if self.v1 % 2 == 0 then
    self.v1 = math.floor(self.v1 / 2)
    return s:release(ID_DEVICE_A)
  end
  self.v1 = xor16(math.floor(self.v1 / 2), 0xD008)
  return s:release(ID_DEVICE_B)
end

function Task:device(packet)
  local s = self.scheduler
  if packet == nil then
    local v = self.v1
    if v == nil then return s:suspend_current() end
    self.v1 = nil
    return s:queue(v)
  end
  self.v1 = packet
  return s:hold_current()
end

function Task:worker(packet)
  local s = self.scheduler
  if packet == nil then return s:suspend_current() end
  if self.v1 == ID_HANDLER_A then self.v1 = ID_HANDLER_B
  else self.v1 = ID_HANDLER_A end
  packet.id = self.v1
  packet.a1 = 0
  for i = 1, DATA_SIZE do
    self.v2 = self.v2 + 1
    if self.v2 > 26 then self.v2 = 1 end
    packet.a2[i] = self.v2
  end
  return s:queue(packet)
end

function Task:handler(packet)
  local s = self.scheduler
  if packet ~= nil then
    if packet.kind == KIND_WORK then self.v1 = packet:add_to(self.v1)
    else self.v2 = packet:add_to(self.v2) end
  end
  local work = self.v1
  if work ~= nil then
    local count = work.a1
    if count < DATA_SIZE then
      local dev = self.v2
      if dev ~= nil then
        self.v2 = dev.link
        dev.a1 = work.a2[count + 1]
        work.a1 = count + 1
        return s:queue(dev)
      end
    else
      self.v1 = work.link
      return s:queue(work)
    end
  end
  return s:suspend_current()
end

local function one_repetition()
  local s = new_scheduler()
  local idle = new_task(s, "idle")
  idle.v1 = 1
  idle.count = COUNT
  s:add_task(ID_IDLE, 0, nil, idle)
  s.current.state = STATE_RUNNING

  local q = new_packet(nil, ID_WORKER, KIND_WORK)
  q = new_packet(q, ID_WORKER, KIND_WORK)
  local worker = new_task(s, "worker")
  worker.v1 = ID_HANDLER_A
  worker.v2 = 0
  s:add_task(ID_WORKER, 1000, q, worker)

  q = new_packet(nil, ID_DEVICE_A, KIND_DEVICE)
  q = new_packet(q, ID_DEVICE_A, KIND_DEVICE)
  q = new_packet(q, ID_DEVICE_A, KIND_DEVICE)
  s:add_task(ID_HANDLER_A, 2000, q, new_task(s, "handler"))

  q = new_packet(nil, ID_DEVICE_B, KIND_DEVICE)
  q = new_packet(q, ID_DEVICE_B, KIND_DEVICE)
  q = new_packet(q, ID_DEVICE_B, KIND_DEVICE)
  s:add_task(ID_HANDLER_B, 3000, q, new_task(s, "handler"))

  s:add_task(ID_DEVICE_A, 4000, nil, new_task(s, "device"))
  s:add_task(ID_DEVICE_B, 5000, nil, new_task(s, "device"))
  s:schedule()
  return s
end

function run_iter(n)
  for _ = 1, n do
    local s = one_repetition()
    if s.queue_count ~= EXPECT_QUEUE or s.hold_count ~= EXPECT_HOLD then
      error(string.format("richards: queue %d hold %d, expected %d %d",
            s.queue_count, s.hold_count, EXPECT_QUEUE, EXPECT_HOLD))
    end
  end
end
