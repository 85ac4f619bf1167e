"""Issue 17 load figures. CLIENTS logged-in clients post proposals through the form for DURATION
(wrk, bench/consideration/write.lua; rate limits off, `trotzdem=1` so the similar step never
intervenes); every acknowledged post is looked up in the database (present exactly once). Then the
process is seeded to SEED contributions, the clients support them for DURATION (each pair once;
counted in the database), and the Abwägungstabelle, a deep page, filters, the figures and the
streamed CSV are timed, with the server's peak memory while the CSV streams.

Environment: CLIENTS (32), DURATION (seconds per wrk run, 10), SEED (20000), N (requests per read case, 50), WRK_THREADS (2),
SERVER_PID (the server, for its memory).
Usage: measure.py BASE_URL DATABASE  (DATABASE: an SQLite file or a postgres:// URL; accounts
bench0..bench{CLIENTS-1}@example.org and seed@example.org exist)
"""
import http.client
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

base, database = sys.argv[1], sys.argv[2]
host = urllib.parse.urlsplit(base).netloc
CLIENTS = int(os.environ.get("CLIENTS", 32))
SECONDS = int(os.environ.get("DURATION", 10))
SEED = int(os.environ.get("SEED", 20000))
N = int(os.environ.get("N", 50))
THREADS = int(os.environ.get("WRK_THREADS", 2))
SERVER_PID = os.environ.get("SERVER_PID")
PROCESS = "/mitmachen/umsetzung-begleiten"
PW = "Kelterei am Main 1848"
POSTGRES = database.startswith("postgres")


def sql(statement, fetch=True):
    """Runs one statement on the benchmark's database; the first column of every row."""
    if POSTGRES:
        out = subprocess.run(["psql", "-qAt", "-v", "ON_ERROR_STOP=1", database, "-c", statement],
                             check=True, capture_output=True, text=True).stdout
        return [line for line in out.splitlines() if line]
    with sqlite3.connect(database, timeout=60) as db:
        return [str(r[0]) for r in db.execute(statement).fetchall()] if fetch else db.execute(statement)


def one(statement):
    return int(sql(statement)[0])


def request(conn, method, path, body=None, cookie=None):
    headers = {"Origin": base}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urllib.parse.urlencode(body)
    if cookie:
        headers["Cookie"] = cookie
    t0 = time.perf_counter()
    conn.request(method, path, body, headers)
    res = conn.getresponse()
    text = res.read()
    return res, text, (time.perf_counter() - t0) * 1000


def field(page, name):
    found = re.search(rf'name="{name}" value="([^"]+)"', page.decode())
    assert found, f"no field {name} in: {page.decode()[:3000]}"
    return found.group(1)


def login(i):
    conn = http.client.HTTPConnection(host, timeout=60)
    _, page, _ = request(conn, "GET", "/anmelden")
    res, _, _ = request(conn, "POST", "/anmelden", {"token": field(page, "token"), "email": f"bench{i}@example.org", "password": PW})
    cookie = (res.getheader("Set-Cookie") or "").split(";")[0]
    assert res.status == 303 and cookie, f"login of bench{i} answered {res.status} {res.getheader('Location')}"
    _, page, _ = request(conn, "GET", "/konto", cookie=cookie)
    csrf = field(page, "csrf")
    request(conn, "POST", "/konto/einwilligung", {"csrf": csrf, "consent": "yes"}, cookie)
    return cookie, csrf


work = tempfile.mkdtemp()
sessions_file = os.path.join(work, "sessions")
with open(sessions_file, "w") as f:
    for i in range(CLIENTS):
        f.write("%s\t%s\n" % login(i))


def cpu_seconds():
    """User plus system CPU time the server has used so far (0 without SERVER_PID)."""
    if not SERVER_PID:
        return 0.0
    with open(f"/proc/{SERVER_PID}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(mode, extra=None):
    """One wrk run of write.lua; its JSON summary, with the server's CPU time per request."""
    env = dict(os.environ, SESSIONS=sessions_file, MODE=mode, PROCESS_PATH=PROCESS, ORIGIN=base,
               THREADS=str(THREADS), **(extra or {}))
    cpu = cpu_seconds()
    out = subprocess.run(["wrk", f"-t{THREADS}", f"-c{CLIENTS}", f"-d{SECONDS}s", "--timeout", "10s",
                          "-s", os.path.join(os.path.dirname(__file__), "write.lua"), base + PROCESS],
                         env=env, check=True, capture_output=True, text=True).stdout
    r = json.loads(next(l for l in out.splitlines() if l.startswith("{")))
    r["cpu_ms"] = (cpu_seconds() - cpu) * 1000 / max(1, r["requests"])
    return r


def row(label, r, stored, note):
    return (f"| {label} | {CLIENTS} | {r['requests'] / r['seconds']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} "
            f"| {r['max_ms']:.1f} | {r['cpu_ms']:.2f} | {r['acked']} | {stored} | {note} | {r['refused'] + r['socket_errors']} |")


backend = "PostgreSQL" if POSTGRES else "SQLite"
print(f"Writes through the form on {backend}, {CLIENTS} connections for {SECONDS} s each (wrk, {THREADS} threads):")
print()
print("| write | clients | per s | p50 ms | p99 ms | max ms | server CPU ms per write | acknowledged | stored | check | refused |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")

# Posts: every acknowledged id is in the database exactly once (ids are keys; titles are unique
# per request, so a doubled post would show as two rows with one title).
acked_file = os.path.join(work, "acked")
before = one("SELECT COUNT(*) FROM contributions")
r = wrk("post", {"ACKED": acked_file})
acked_ids = [int(x) for x in open(acked_file).read().split()]
stored = one("SELECT COUNT(*) FROM contributions") - before
found = set()
for k in range(0, len(acked_ids), 500):
    chunk = ",".join(str(x) for x in acked_ids[k:k + 500])
    found |= {int(x) for x in sql(f"SELECT id FROM contributions WHERE id IN ({chunk})")}
doubled = one("SELECT COUNT(*) FROM (SELECT title FROM contributions WHERE title LIKE 'Vorschlag %' GROUP BY title HAVING COUNT(*) > 1) d")
missing = len(set(acked_ids) - found)
assert len(acked_ids) == r["acked"], (len(acked_ids), r["acked"])
print(row("proposal", r, stored, f"{missing} acknowledged missing, {doubled} doubled"), flush=True)
posts_ok = missing == 0 and doubled == 0

# Seed the process up to SEED top-level contributions by another account (at least half of SEED, so
# the supports below have contributions none of the clients wrote), a third of them answered.
have = one(f"SELECT COUNT(*) FROM contributions WHERE process = 'umsetzung-begleiten' AND parent IS NULL")
seeder = one("SELECT id FROM accounts WHERE email = 'seed@example.org'")
now = int(time.time())
sql(f"""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {max(SEED // 2, SEED - have)})
INSERT INTO contributions (process, target_kind, target, kind, author, title, body, created_at)
SELECT 'umsetzung-begleiten', 'process', '', 'proposal', {seeder}, 'Gesät ' || i, 'Text ' || i, {now} FROM n""", fetch=False)
sql(f"""INSERT INTO answers (contribution, state, reasoning, department, author, created_at)
SELECT id, CASE (id / 3) % 4 WHEN 0 THEN 'under_review' WHEN 1 THEN 'adopted' WHEN 2 THEN 'partially_adopted' ELSE 'not_adopted' END,
'Begründung ' || id, 'hmdse', {seeder}, {now} FROM contributions WHERE author = {seeder} AND id % 3 = 0""", fetch=False)
sql(f"""INSERT INTO answer_current (contribution, answer, state, answered_at)
SELECT contribution, id, state, created_at FROM answers WHERE author = {seeder}""", fetch=False)
total = one("SELECT COUNT(*) FROM contributions WHERE process = 'umsetzung-begleiten' AND parent IS NULL")

# Supports of the seeded contributions: each (account, contribution) pair once.
ids_file = os.path.join(work, "ids")
with open(ids_file, "w") as f:
    f.write("\n".join(sql(f"SELECT id FROM contributions WHERE author = {seeder} ORDER BY id")) + "\n")
before = one("SELECT COUNT(*) FROM supports")
r = wrk("support", {"IDS": ids_file})
stored = one("SELECT COUNT(*) FROM supports") - before
counted = one(f"SELECT COALESCE(SUM(supports_count), 0) FROM contributions WHERE author = {seeder}")
in_flight_ok = r["acked"] <= stored <= r["acked"] + CLIENTS
print(row("support", r, stored, f"stored {'≥' if in_flight_ok else '≠'} acknowledged, counters {'agree' if counted == stored else 'differ'}"))
supports_ok = in_flight_ok and counted == stored


def rss_kb():
    with open(f"/proc/{SERVER_PID}/status") as f:
        return int(next(l for l in f if l.startswith("VmRSS")).split()[1])


conn = http.client.HTTPConnection(host, timeout=60)
print()
print(f"Abwägungstabelle of {total} contributions (anonymous, {N} requests each):")
print()
print("| case | p50 ms | p99 ms | max ms | bytes |")
print("|---|---:|---:|---:|---:|")
pages = (total + 99) // 100
for label, path in [
    ("table, first page", f"{PROCESS}/abwaegung"),
    (f"table, page {pages} (the last)", f"{PROCESS}/abwaegung?seite={pages}"),
    ("table, unanswered only", f"{PROCESS}/abwaegung?stand=offen"),
    ("table, by support", f"{PROCESS}/abwaegung?sortierung=unterstuetzung"),
    ("figures", f"{PROCESS}/ergebnisse"),
    ("CSV, whole table", f"{PROCESS}/abwaegung.csv"),
]:
    ms_all, size = [], 0
    for _ in range(N if "csv" not in path else max(5, N // 10)):
        res, text, ms = request(conn, "GET", path)
        assert res.status == 200, (path, res.status)
        ms_all.append(ms)
        size = len(text)
    ms_all.sort()
    p99 = ms_all[min(len(ms_all) - 1, int(len(ms_all) * 0.99))]
    print(f"| {label} | {statistics.median(ms_all):.1f} | {p99:.1f} | {ms_all[-1]:.1f} | {size} |")

# Memory while the CSV streams: the server's RSS sampled every 5 ms during 8 parallel downloads
# that read slowly, against its RSS just before. A CSV held whole would add its size per download.
if SERVER_PID:
    base_rss, peak, stop = rss_kb(), 0, False

    def sample():
        global peak
        while not stop:
            peak = max(peak, rss_kb())
            time.sleep(0.005)

    def slow_download():
        c = http.client.HTTPConnection(host, timeout=120)
        c.request("GET", f"{PROCESS}/abwaegung.csv")
        res = c.getresponse()
        while res.read(16384):
            time.sleep(0.002)

    s = threading.Thread(target=sample)
    s.start()
    ds = [threading.Thread(target=slow_download) for _ in range(8)]
    for d in ds:
        d.start()
    for d in ds:
        d.join()
    stop = True
    s.join()
    print()
    print(f"Server memory while 8 clients download the CSV slowly: RSS {base_rss / 1024:.1f} MB before, "
          f"peak {peak / 1024:.1f} MB (+{(peak - base_rss) / 1024:.1f} MB; the CSV is {size / 1e6:.2f} MB).")

sys.exit(0 if posts_ok and supports_ok else 1)
