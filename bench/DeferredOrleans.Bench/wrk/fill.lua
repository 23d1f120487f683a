-- Deferral creation that keeps the codes: each thread POSTs BENCH_BODY until it holds BENCH_QUOTA deferral codes,
-- written one a line to BENCH_OUT.<thread>, then stops. Answers without a code are counted as failures.
local threads = {}
local next_index = 0

function setup(thread)
  thread:set("index", next_index)
  next_index = next_index + 1
  table.insert(threads, thread)
end

wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = os.getenv("BENCH_AUTH")

local quota = tonumber(os.getenv("BENCH_QUOTA"))
local out
got = 0
failed = 0

function init(args)
  out = io.open(os.getenv("BENCH_OUT") .. "." .. index, "w")
end

function response(status, headers, body)
  local code = string.match(body, '"deferral_code":"([^"]+)"')
  if code then
    if got < quota then
      out:write(code, "\n")
      got = got + 1
      if got == quota then
        out:close()
        io.open(os.getenv("BENCH_OUT") .. "." .. index .. ".done", "w"):close()
        wrk.thread:stop()
      end
    end
  else
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local total_got, total_failed = 0, 0
  for _, thread in ipairs(threads) do
    total_got = total_got + thread:get("got")
    total_failed = total_failed + thread:get("failed")
  end
  io.write(string.format("BENCH got=%d failed=%d\n", total_got, total_failed))
end
