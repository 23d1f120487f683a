-- One fixed form POST, as fast as the connections allow: BENCH_BODY (urlencoded form), BENCH_AUTH (an
-- Authorization header value, optional). The path is the URL's.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local auth = os.getenv("BENCH_AUTH")
if auth ~= nil and auth ~= "" then
  wrk.headers["Authorization"] = auth
end
