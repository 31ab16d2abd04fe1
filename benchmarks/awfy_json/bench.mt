-- awfy_json: Are-We-Fast-Yet "Json", written for this suite from the AWFY
-- algorithm and object structure: a character-at-a-time recursive-descent
-- parser (JsonPureStringParser, reading one-character substrings and
-- capturing tokens as AWFY does) building JsonObject / JsonArray /
-- JsonString / JsonNumber / JsonLiteral values, JsonObject indexing names
-- through a 32-slot HashIndexTable (Java String.hashCode, computed with
-- arithmetic instead of bit operations).
-- The input differs from AWFY's: instead of AWFY's recorded RAP protocol
-- message, this file generates (once, at load time, untimed) a document of
-- the same shape, {"head": {...}, "operations": [156 operations]}, about
-- 20 KB of objects, arrays, escaped strings, numbers with fractions and
-- exponents, true/false/null. The check is AWFY's: the result is an object
-- whose "head" is an object and whose "operations" is an array of 156.
-- run_iter(n) parses the document n times (AWFY's inner iterations) and
-- checks every result.

local NUM_OPERATIONS = 156

-------------------------------------------------------- the input document
local function build_document()
  local parts = {}
  local function emit(s) parts[#parts + 1] = s end
  emit('{"head":{"requestCounter":4,"url":"http:\\/\\/example.org\\/rap",')
  emit('"cid":"a1b2c3","timeout":-1,"ratio":0.5e-3,"debug":false,')
  emit('"message":"line one\\nline \\"two\\"\\t\\\\end","extra":null},')
  emit('"operations":[')
  for k = 0, NUM_OPERATIONS - 1 do
    if k > 0 then emit(",") end
    local id = string.format("w%d", k)
    local kind = k % 4
    if kind == 0 then
      emit(string.format('["create","%s","rwt.widgets.Label",{"parent":"w%d",' ..
        '"style":["WRAP","BORDER"],"bounds":[%d,%d,100,23],"tabIndex":-1,' ..
        '"text":"Item \\"%d\\"\\r\\n","font":[["Verdana","Arial"],12,false,true]}]',
        id, k + 1, k, k * 2, k))
    elseif kind == 1 then
      emit(string.format('["set","%s",{"visibility":true,"enabled":false,' ..
        '"foreground":[0,0,0,255],"opacity":0.75,"zIndex":%d,' ..
        '"scale":1.25E+2,"image":null}]', id, 300 - k))
    elseif kind == 2 then
      emit(string.format('[ "listen" , "%s" , { "Selection" : true ,' ..
        ' "DefaultSelection" : false ,\n "Modify" : true } ]', id))
    else
      emit(string.format('["call","%s","focus",{"value":-%d.0625,' ..
        '"items":[],"map":{},"path":"a\\/b\\\\c\\b\\f"}]', id, k))
    end
  end
  emit("]}")
  return table.concat(parts)
end

local RAP_DOCUMENT = build_document()

-------------------------------------------------------------- som Vector
local Vector = {}
Vector.__index = Vector

function Vector.new()
  return setmetatable({ storage = {}, n = 0 }, Vector)
end

function Vector:append(elem)
  self.n = self.n + 1
  self.storage[self.n] = elem
end

function Vector:at(idx)  -- 0-based, as in AWFY
  return self.storage[idx + 1]
end

function Vector:size()
  return self.n
end

------------------------------------------------------------ HashIndexTable
local HashIndexTable = {}
HashIndexTable.__index = HashIndexTable

function HashIndexTable.new()
  local hash_table = {}
  for i = 1, 32 do hash_table[i] = 0 end
  return setmetatable({ hash_table = hash_table }, HashIndexTable)
end

-- Java's String.hashCode modulo 2^32; `& (32 - 1)` is then `% 32`.
local function string_hash(s)
  local h = 0
  for i = 1, #s do h = (h * 31 + s:byte(i)) % 4294967296 end
  return h
end

function HashIndexTable:hash_slot_for(element)
  return string_hash(element) % 32 + 1
end

function HashIndexTable:add(name, index)
  local slot = self:hash_slot_for(name)
  if index < 255 then
    self.hash_table[slot] = (index + 1) % 256
  else
    self.hash_table[slot] = 0
  end
end

function HashIndexTable:get(name)
  local slot = self:hash_slot_for(name)
  return (self.hash_table[slot] % 256) - 1
end

--------------------------------------------------------------- JSON values
local JsonValue = {}
JsonValue.__index = JsonValue

function JsonValue:is_object() return false end
function JsonValue:is_array() return false end
function JsonValue:is_number() return false end
function JsonValue:is_string() return false end
function JsonValue:is_null() return false end
function JsonValue:is_true() return false end
function JsonValue:is_false() return false end
function JsonValue:as_object() error("Not an object: " .. self:to_string()) end
function JsonValue:as_array() error("Not an array: " .. self:to_string()) end

local JsonArray = setmetatable({}, { __index = JsonValue })
JsonArray.__index = JsonArray

function JsonArray.new()
  return setmetatable({ values = Vector.new() }, JsonArray)
end
function JsonArray:add(value)
  if value == nil then error("value is null") end
  self.values:append(value)
  return self
end
function JsonArray:size() return self.values:size() end
function JsonArray:get(index) return self.values:at(index) end
function JsonArray:is_array() return true end
function JsonArray:as_array() return self end
function JsonArray:to_string() return "array" end

local JsonLiteral = setmetatable({}, { __index = JsonValue })
JsonLiteral.__index = JsonLiteral

function JsonLiteral.new(value)
  return setmetatable({ value = value, null = value == "null",
                        t = value == "true", f = value == "false" },
                      JsonLiteral)
end
function JsonLiteral:is_null() return self.null end
function JsonLiteral:is_true() return self.t end
function JsonLiteral:is_false() return self.f end
function JsonLiteral:to_string() return self.value end

local JSON_NULL = JsonLiteral.new("null")
local JSON_TRUE = JsonLiteral.new("true")
local JSON_FALSE = JsonLiteral.new("false")

local JsonNumber = setmetatable({}, { __index = JsonValue })
JsonNumber.__index = JsonNumber

function JsonNumber.new(string)
  if string == nil then error("string is null") end
  return setmetatable({ string = string }, JsonNumber)
end
function JsonNumber:is_number() return true end
function JsonNumber:to_string() return self.string end

local JsonString = setmetatable({}, { __index = JsonValue })
JsonString.__index = JsonString

function JsonString.new(string)
  return setmetatable({ string = string }, JsonString)
end
function JsonString:is_string() return true end
function JsonString:to_string() return self.string end

local JsonObject = setmetatable({}, { __index = JsonValue })
JsonObject.__index = JsonObject

function JsonObject.new()
  return setmetatable({ names = Vector.new(), values = Vector.new(),
                        table = HashIndexTable.new() }, JsonObject)
end
function JsonObject:add(name, value)
  if name == nil then error("name is null") end
  if value == nil then error("value is null") end
  self.table:add(name, self.names:size())
  self.names:append(name)
  self.values:append(value)
  return self
end
function JsonObject:get(name)
  if name == nil then error("name is null") end
  local index = self:index_of(name)
  if index == -1 then return nil end
  return self.values:at(index)
end
function JsonObject:size() return self.names:size() end
function JsonObject:is_empty() return self.names:size() == 0 end
function JsonObject:is_object() return true end
function JsonObject:as_object() return self end
function JsonObject:to_string() return "object" end
function JsonObject:index_of(name)
  local index = self.table:get(name)
  if index ~= -1 and name == self.names:at(index) then return index end
  for i = self.names:size() - 1, 0, -1 do  -- lastIndexOf
    if self.names:at(i) == name then return i end
  end
  return -1
end

------------------------------------------------------ JsonPureStringParser
local JsonPureStringParser = {}
JsonPureStringParser.__index = JsonPureStringParser

function JsonPureStringParser.new(input)
  return setmetatable({ input = input, input_length = #input, index = -1,
                        line = 1, column = 0, current = nil,
                        capture_buffer = "", capture_start = -1 },
                      JsonPureStringParser)
end

function JsonPureStringParser:parse()
  self:read()
  self:skip_white_space()
  local result = self:read_value()
  self:skip_white_space()
  if not self:is_end_of_text() then self:error("Unexpected character") end
  return result
end

function JsonPureStringParser:read_value()
  local c = self.current
  if c == "n" then return self:read_null() end
  if c == "t" then return self:read_true() end
  if c == "f" then return self:read_false() end
  if c == '"' then return self:read_string() end
  if c == "[" then return self:read_array() end
  if c == "{" then return self:read_object() end
  if c == "-" or c == "0" or c == "1" or c == "2" or c == "3" or c == "4"
     or c == "5" or c == "6" or c == "7" or c == "8" or c == "9" then
    return self:read_number()
  end
  self:expected("value")
end

function JsonPureStringParser:read_array()
  self:read()
  local array = JsonArray.new()
  self:skip_white_space()
  if self:read_char("]") then return array end
  repeat
    self:skip_white_space()
    array:add(self:read_value())
    self:skip_white_space()
  until not self:read_char(",")
  if not self:read_char("]") then self:expected("',' or ']'") end
  return array
end

function JsonPureStringParser:read_object()
  self:read()
  local object = JsonObject.new()
  self:skip_white_space()
  if self:read_char("}") then return object end
  repeat
    self:skip_white_space()
    local name = self:read_name()
    self:skip_white_space()
    if not self:read_char(":") then self:expected("':'") end
    self:skip_white_space()
    object:add(name, self:read_value())
    self:skip_white_space()
  until not self:read_char(",")
  if not self:read_char("}") then self:expected("',' or '}'") end
  return object
end

function JsonPureStringParser:read_name()
  if self.current ~= '"' then self:expected("name") end
  return self:read_string_internal()
end

function JsonPureStringParser:read_null()
  self:read()
  self:read_required_char("u")
  self:read_required_char("l")
  self:read_required_char("l")
  return JSON_NULL
end

function JsonPureStringParser:read_true()
  self:read()
  self:read_required_char("r")
  self:read_required_char("u")
  self:read_required_char("e")
  return JSON_TRUE
end

function JsonPureStringParser:read_false()
  self:read()
  self:read_required_char("a")
  self:read_required_char("l")
  self:read_required_char("s")
  self:read_required_char("e")
  return JSON_FALSE
end

function JsonPureStringParser:read_required_char(ch)
  if not self:read_char(ch) then self:expected("'" .. ch .. "'") end
end

function JsonPureStringParser:read_string()
  return JsonString.new(self:read_string_internal())
end

function JsonPureStringParser:read_string_internal()
  self:read()
  self:start_capture()
  while self.current ~= '"' do
    if self.current == "\\" then
      self:pause_capture()
      self:read_escape()
      self:start_capture()
    else
      self:read()
    end
  end
  local string = self:end_capture()
  self:read()
  return string
end

function JsonPureStringParser:read_escape()
  self:read()
  local c = self.current
  if c == '"' or c == "/" or c == "\\" then
    self.capture_buffer = self.capture_buffer .. c
  elseif c == "b" then
    self.capture_buffer = self.capture_buffer .. "\b"
  elseif c == "f" then
    self.capture_buffer = self.capture_buffer .. "\f"
  elseif c == "n" then
    self.capture_buffer = self.capture_buffer .. "\n"
  elseif c == "r" then
    self.capture_buffer = self.capture_buffer .. "\r"
  elseif c == "t" then
    self.capture_buffer = self.capture_buffer .. "\t"
  else
    self:expected("valid escape sequence")
  end
  self:read()
end

function JsonPureStringParser:read_number()
  self:start_capture()
  self:read_char("-")
  local first_digit = self.current
  if not self:read_digit() then self:expected("digit") end
  if first_digit ~= "0" then
    while self:read_digit() do end
  end
  self:read_fraction()
  self:read_exponent()
  return JsonNumber.new(self:end_capture())
end

function JsonPureStringParser:read_fraction()
  if not self:read_char(".") then return false end
  if not self:read_digit() then self:expected("digit") end
  while self:read_digit() do end
  return true
end

function JsonPureStringParser:read_exponent()
  if not self:read_char("e") and not self:read_char("E") then return false end
  if not self:read_char("+") then self:read_char("-") end
  if not self:read_digit() then self:expected("digit") end
  while self:read_digit() do end
  return true
end

function JsonPureStringParser:read_char(ch)
  if self.current ~= ch then return false end
  self:read()
  return true
end

function JsonPureStringParser:read_digit()
  if not self:is_digit() then return false end
  self:read()
  return true
end

function JsonPureStringParser:skip_white_space()
  while self:is_white_space() do self:read() end
end

function JsonPureStringParser:read()
  if self.current == "\n" then
    self.line = self.line + 1
    self.column = 0
  end
  self.index = self.index + 1
  if self.index < self.input_length then
    self.current = self.input:sub(self.index + 1, self.index + 1)
  else
    self.current = nil
  end
end

function JsonPureStringParser:start_capture()
  self.capture_start = self.index
end

function JsonPureStringParser:pause_capture()
  local finish = self.index - 1
  if self.current == nil then finish = self.index end
  self.capture_buffer = self.capture_buffer ..
      self.input:sub(self.capture_start + 1, finish + 1)
  self.capture_start = -1
end

function JsonPureStringParser:end_capture()
  local finish = self.index - 1
  if self.current == nil then finish = self.index end
  local captured
  if self.capture_buffer == "" then
    captured = self.input:sub(self.capture_start + 1, finish + 1)
  else
    self.capture_buffer = self.capture_buffer ..
        self.input:sub(self.capture_start + 1, finish + 1)
    captured = self.capture_buffer
    self.capture_buffer = ""
  end
  self.capture_start = -1
  return captured
end

function JsonPureStringParser:is_white_space()
  local c = self.current
  return c == " " or c == "\t" or c == "\n" or c == "\r"
end

function JsonPureStringParser:is_digit()
  local c = self.current
  return c == "0" or c == "1" or c == "2" or c == "3" or c == "4"
         or c == "5" or c == "6" or c == "7" or c == "8" or c == "9"
end

function JsonPureStringParser:is_end_of_text()
  return self.current == nil
end

function JsonPureStringParser:expected(expected)
  if self:is_end_of_text() then self:error("Unexpected end of input") end
  self:error("Expected " .. expected)
end

function JsonPureStringParser:error(message)
  error(string.format("ParseException: %s at %d:%d", message, self.line,
                      self.column))
end

---------------------------------------------------------------- benchmark
local Json = {}
Json.__index = Json

function Json:benchmark()
  return JsonPureStringParser.new(RAP_DOCUMENT):parse()
end

function Json:verify_result(result)
  if not result:is_object() then return false end
  if not result:as_object():get("head"):is_object() then return false end
  if not result:as_object():get("operations"):is_array() then return false end
  return result:as_object():get("operations"):as_array():size()
         == NUM_OPERATIONS
end

function run_iter(n)
  local bench = setmetatable({}, Json)
  for _ = 1, n do
    if not bench:verify_result(bench:benchmark()) then
      error("awfy_json: expected an object with head and 156 operations")
    end
  end
end
