-- awfy_richards: Are-We-Fast-Yet "Richards", written for this suite from the
-- AWFY algorithm and object structure (RBObject, Scheduler, TaskState,
-- TaskControlBlock, Packet, the four task data records, and each task's
-- behaviour as a closure over the scheduler), without bit operations: the
-- idle task's `control & 1` is control % 2 and `xor 53256` an arithmetic
-- 16-bit xor. One benchmark() call runs the simulation with count 10000 and
-- is correct when 23246 packets were queued and tasks held 9297 times.
-- run_iter(n) runs the benchmark n times and checks every result.

local NO_TASK, NO_WORK = nil, nil
local IDLER, WORKER, HANDLER_A, HANDLER_B = 0, 1, 2, 3
local DEVICE_A, DEVICE_B = 4, 5
local DEVICE_PACKET_KIND, WORK_PACKET_KIND = 0, 1
local DATA_SIZE = 4

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

local RBObject = {}
RBObject.__index = RBObject

function RBObject:append(packet, queue_head)
  packet.link = NO_WORK
  if queue_head == NO_WORK then return packet end
  local mouse = queue_head
  local link = mouse.link
  while link ~= NO_WORK do
    mouse = link
    link = mouse.link
  end
  mouse.link = packet
  return queue_head
end

local DeviceTaskDataRecord = setmetatable({}, { __index = RBObject })
DeviceTaskDataRecord.__index = DeviceTaskDataRecord
function DeviceTaskDataRecord.new()
  return setmetatable({ pending = NO_WORK }, DeviceTaskDataRecord)
end

local HandlerTaskDataRecord = setmetatable({}, { __index = RBObject })
HandlerTaskDataRecord.__index = HandlerTaskDataRecord
function HandlerTaskDataRecord.new()
  return setmetatable({ work_in = NO_WORK, device_in = NO_WORK },
                      HandlerTaskDataRecord)
end
function HandlerTaskDataRecord:device_in_add(packet)
  self.device_in = self:append(packet, self.device_in)
end
function HandlerTaskDataRecord:work_in_add(packet)
  self.work_in = self:append(packet, self.work_in)
end

local IdleTaskDataRecord = setmetatable({}, { __index = RBObject })
IdleTaskDataRecord.__index = IdleTaskDataRecord
function IdleTaskDataRecord.new()
  return setmetatable({ control = 1, count = 10000 }, IdleTaskDataRecord)
end

local WorkerTaskDataRecord = setmetatable({}, { __index = RBObject })
WorkerTaskDataRecord.__index = WorkerTaskDataRecord
function WorkerTaskDataRecord.new()
  return setmetatable({ destination = HANDLER_A, count = 0 },
                      WorkerTaskDataRecord)
end

local Packet = setmetatable({}, { __index = RBObject })
Packet.__index = Packet
function Packet.new(link, identity, kind)
  local data = {}
  for i = 1, DATA_SIZE do data[i] = 0 end
  return setmetatable({ link = link, identity = identity, kind = kind,
                        datum = 0, data = data }, Packet)
end

local TaskState = setmetatable({}, { __index = RBObject })
TaskState.__index = TaskState
function TaskState.new()
  return setmetatable({ packet_pending = true, task_waiting = false,
                        task_holding = false }, TaskState)
end
function TaskState:packet_pending_state()
  self.packet_pending = true
  self.task_waiting = false
  self.task_holding = false
  return self
end
function TaskState:running()
  self.packet_pending = false
  self.task_waiting = false
  self.task_holding = false
  return self
end
function TaskState:waiting()
  self.packet_pending = false
  self.task_waiting = true
  self.task_holding = false
  return self
end
function TaskState:waiting_with_packet()
  self.packet_pending = true
  self.task_waiting = true
  self.task_holding = false
  return self
end
function TaskState:is_task_holding_or_waiting()
  return self.task_holding or (not self.packet_pending and self.task_waiting)
end
function TaskState:is_waiting_with_packet()
  return self.packet_pending and self.task_waiting and not self.task_holding
end

local TaskControlBlock = setmetatable({}, { __index = TaskState })
TaskControlBlock.__index = TaskControlBlock
function TaskControlBlock.new(link, identity, priority, initial_work_queue,
                              initial_state, fn, private_data)
  local self = setmetatable(TaskState.new(), TaskControlBlock)
  self.link = link
  self.identity = identity
  self.priority = priority
  self.input = initial_work_queue
  self.fn = fn
  self.handle = private_data
  self.packet_pending = initial_state.packet_pending
  self.task_waiting = initial_state.task_waiting
  self.task_holding = initial_state.task_holding
  return self
end
function TaskControlBlock:add_input_and_check_priority(packet, old_task)
  if self.input == NO_WORK then
    self.input = packet
    self.packet_pending = true
    if self.priority > old_task.priority then return self end
  else
    self.input = self:append(packet, self.input)
  end
  return old_task
end
function TaskControlBlock:run_task()
  local message
  if self:is_waiting_with_packet() then
    message = self.input
    self.input = message.link
    if self.input == NO_WORK then self:running()
    else self:packet_pending_state() end
  else
    message = NO_WORK
  end
  return self.fn(message, self.handle)
end

local Scheduler = setmetatable({}, { __index = RBObject })
Scheduler.__index = Scheduler
function Scheduler.new()
  return setmetatable({ task_list = NO_TASK, current_task = NO_TASK,
                        current_task_identity = 0, task_table = {},
                        queue_packet_count = 0, hold_count = 0 }, Scheduler)
end

function Scheduler:create_task(identity, priority, work, state, fn, data)
  local t = TaskControlBlock.new(self.task_list, identity, priority, work,
                                 state, fn, data)
  self.task_list = t
  self.task_table[identity + 1] = t
end

function Scheduler:create_device(identity, priority, work_packet, state)
  local scheduler = self
  self:create_task(identity, priority, work_packet, state,
    function(work, data_record)
      local function_work = work
      if function_work == NO_WORK then
        function_work = data_record.pending
        if function_work == NO_WORK then return scheduler:mark_waiting() end
        data_record.pending = NO_WORK
        return scheduler:queue_packet(function_work)
      end
      data_record.pending = function_work
      return scheduler:hold_self()
    end, DeviceTaskDataRecord.new())
end

function Scheduler:create_handler(identity, priority, work_packet, state)
  local scheduler = self
  self:create_task(identity, priority, work_packet, state,
    function(work, data_record)
      if work ~= NO_WORK then
        if work.kind == WORK_PACKET_KIND then data_record:work_in_add(work)
        else data_record:device_in_add(work) end
      end
      local wp = data_record.work_in
      if wp == NO_WORK then return scheduler:mark_waiting() end
      local count = wp.datum
      if count >= DATA_SIZE then
        data_record.work_in = wp.link
        return scheduler:queue_packet(wp)
      end
      local device_packet = data_record.device_in
      if device_packet == NO_WORK then return scheduler:mark_waiting() end
      data_record.device_in = device_packet.link
      device_packet.datum = wp.data[count + 1]
      wp.datum = count + 1
      return scheduler:queue_packet(device_packet)
    end, HandlerTaskDataRecord.new())
end

function Scheduler:create_idler(identity, priority, work, state)
  local scheduler = self
  self:create_task(identity, priority, work, state,
    function(work_arg, data_record)
      data_record.count = data_record.count - 1
      if data_record.count == 0 then return scheduler:hold_self() end
      if data_record.control % 2 == 0 then
        data_record.control = math.floor(data_record.control / 2)
        return scheduler:release(DEVICE_A)
      end
      data_record.control = xor16(math.floor(data_record.control / 2), 53256)
      return scheduler:release(DEVICE_B)
    end, IdleTaskDataRecord.new())
end

function Scheduler:create_worker(identity, priority, work_packet, state)
  local scheduler = self
  self:create_task(identity, priority, work_packet, state,
    function(work, data_record)
      if work == NO_WORK then return scheduler:mark_waiting() end
      if data_record.destination == HANDLER_A then
        data_record.destination = HANDLER_B
      else
        data_record.destination = HANDLER_A
      end
      work.identity = data_record.destination
      work.datum = 0
      for i = 1, DATA_SIZE do
        data_record.count = data_record.count + 1
        if data_record.count > 26 then data_record.count = 1 end
        work.data[i] = 65 + data_record.count - 1
      end
      return scheduler:queue_packet(work)
    end, WorkerTaskDataRecord.new())
end

function Scheduler:create_packet(link, identity, kind)
  return Packet.new(link, identity, kind)
end

function Scheduler:start()
  self:create_idler(IDLER, 0, NO_WORK, TaskState.new():running())
  local work_q = self:create_packet(NO_WORK, WORKER, WORK_PACKET_KIND)
  work_q = self:create_packet(work_q, WORKER, WORK_PACKET_KIND)
  self:create_worker(WORKER, 1000, work_q, TaskState.new():waiting_with_packet())

  work_q = self:create_packet(NO_WORK, DEVICE_A, DEVICE_PACKET_KIND)
  work_q = self:create_packet(work_q, DEVICE_A, DEVICE_PACKET_KIND)
  work_q = self:create_packet(work_q, DEVICE_A, DEVICE_PACKET_KIND)
  self:create_handler(HANDLER_A, 2000, work_q,
                      TaskState.new():waiting_with_packet())

  work_q = self:create_packet(NO_WORK, DEVICE_B, DEVICE_PACKET_KIND)
  work_q = self:create_packet(work_q, DEVICE_B, DEVICE_PACKET_KIND)
  work_q = self:create_packet(work_q, DEVICE_B, DEVICE_PACKET_KIND)
  self:create_handler(HANDLER_B, 3000, work_q,
                      TaskState.new():waiting_with_packet())

  self:create_device(DEVICE_A, 4000, NO_WORK, TaskState.new():waiting())
  self:create_device(DEVICE_B, 5000, NO_WORK, TaskState.new():waiting())
  self:schedule()
  return self.queue_packet_count == 23246 and self.hold_count == 9297
end

function Scheduler:find_task(identity)
  local t = self.task_table[identity + 1]
  if t == NO_TASK then error("find_task failed") end
  return t
end

function Scheduler:hold_self()
  self.hold_count = self.hold_count + 1
  self.current_task.task_holding = true
  return self.current_task.link
end

function Scheduler:queue_packet(packet)
  local t = self:find_task(packet.identity)
  if t == NO_TASK then return NO_TASK end
  self.queue_packet_count = self.queue_packet_count + 1
  packet.link = NO_WORK
  packet.identity = self.current_task_identity
  return t:add_input_and_check_priority(packet, self.current_task)
end

function Scheduler:mark_waiting()
  self.current_task.task_waiting = true
  return self.current_task
end

function Scheduler:release(identity)
  local t = self:find_task(identity)
  if t == NO_TASK then return NO_TASK end
  t.task_holding = false
  if t.priority > self.current_task.priority then return t end
  return self.current_task
end

function Scheduler:schedule()
  self.current_task = self.task_list
  while self.current_task ~= NO_TASK do
    if self.current_task:is_task_holding_or_waiting() then
      self.current_task = self.current_task.link
    else
      self.current_task_identity = self.current_task.identity
      self.current_task = self.current_task:run_task()
    end
  end
end

local Richards = {}
Richards.__index = Richards

function Richards:benchmark()
  return Scheduler.new():start()
end

function Richards:verify_result(result)
  return result
end

function run_iter(n)
  local bench = setmetatable({}, Richards)
  for _ = 1, n do
    if not bench:verify_result(bench:benchmark()) then
      error("awfy_richards: expected 23246 queued packets and 9297 holds")
    end
  end
end
