-- wrk script for the issue 17 load figures: MODE=post posts proposals through the form, MODE=support
-- supports existing contributions. Every request takes a logged-in session from SESSIONS (lines of
-- "cookie<TAB>csrf", written by measure.py). Posts carry a title no other request has, so the
-- duplicate check never joins two; supports walk (session, contribution) pairs from IDS (one id a
-- line) so no pair repeats across threads. A write counts as acknowledged when the answer is 303
-- (for a post: to the new contribution, whose id goes to the file ACKED). done() prints one JSON
-- line for measure.py.
local sessions = {}
for line in io.lines(os.getenv("SESSIONS")) do
  local cookie, csrf = line:match("^([^\t]+)\t(.+)$")
  sessions[#sessions + 1] = { cookie = cookie, csrf = csrf }
end
local mode = os.getenv("MODE") or "post"
local process = os.getenv("PROCESS_PATH")
local ids = {}
if mode == "support" then
  for line in io.lines(os.getenv("IDS")) do ids[#ids + 1] = line end
end

local threads, counter = {}, 0
function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

n, acked, other, nthreads = 0, 0, 0, tonumber(os.getenv("THREADS") or "2")
seen = {}

local function enc(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function post(path, s, fields)
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = os.getenv("ORIGIN"),
    ["Cookie"] = s.cookie,
  }, "csrf=" .. enc(s.csrf) .. fields)
end

function request()
  -- g runs over 0, 1, 2, … without gaps or repeats across the threads.
  local g = n * nthreads + id
  n = n + 1
  local s = sessions[g % #sessions + 1]
  if mode == "support" then
    local c = ids[math.floor(g / #sessions) % #ids + 1]
    return post(process .. "/beitraege/" .. c .. "/unterstuetzen", s, "")
  end
  return post(process, s, "&kind=proposal&title=" .. enc(string.format("Vorschlag %d", g))
    .. "&body=" .. enc(string.format("Text %d: mehr Tempo beim Ausbau.", g)) .. "&trotzdem=1")
end

function response(status, headers, body)
  local loc = headers["Location"] or headers["location"] or ""
  if status == 303 and (mode == "support" or loc:find("/beitraege/", 1, true)) then
    acked = acked + 1
    local cid = loc:match("/beitraege/(%d+)")
    if mode == "post" and cid then seen[#seen + 1] = cid end
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local a, o = 0, 0
  local out = os.getenv("ACKED") and io.open(os.getenv("ACKED"), "w")
  for _, t in ipairs(threads) do
    a = a + t:get("acked")
    o = o + t:get("other")
    if out then
      for _, cid in ipairs(t:get("seen")) do out:write(cid, "\n") end
    end
  end
  if out then out:close() end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "acked": %d, "refused": %d, "socket_errors": %d, "p50_ms": %.2f, "p90_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, a, o, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
