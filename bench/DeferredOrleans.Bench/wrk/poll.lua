-- Polls of deferral codes read from BENCH_CODES (one a line), each thread cycling through its own share in order
-- (thread i of BENCH_THREADS takes lines i, i+n, ...). BENCH_DELAY_MS paces each connection (0: back to back);
-- BENCH_CHECK=1 counts answers that are not authorization_pending.
local threads = {}
local next_index = 0

function setup(thread)
  thread:set("index", next_index)
  next_index = next_index + 1
  table.insert(threads, thread)
end

local requests = {}
local position = 0
bad = 0

function init(args)
  local count = tonumber(os.getenv("BENCH_THREADS"))
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Authorization"] = os.getenv("BENCH_AUTH"),
  }
  local line = 0
  for code in io.lines(os.getenv("BENCH_CODES")) do
    if line % count == index then
      local body = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adeferred&deferral_code=" .. code
      table.insert(requests, wrk.format("POST", "/token", headers, body))
    end
    line = line + 1
  end
end

function request()
  position = position % #requests + 1
  return requests[position]
end

local pace = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
if pace > 0 then
  function delay()
    return pace
  end
end

if os.getenv("BENCH_CHECK") == "1" then
  function response(status, headers, body)
    if not string.find(body, "authorization_pending", 1, true) then
      bad = bad + 1
    end
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("bad")
  end
  io.write(string.format("BENCH bad=%d\n", total))
end
