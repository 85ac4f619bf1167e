"""Posts proposals through the form from concurrent clients, counts them in the database, then
seeds the process to SEED contributions and times the Abwägungstabelle, a deep page and its CSV.

Environment: CLIENTS (32), PER_CLIENT (100), SEED (20000), N (requests per read case, 50).
Usage: measure.py BASE_URL SQLITE_FILE  (accounts bench0..bench{CLIENTS-1}@example.org exist)
"""
import http.client
import os
import re
import sqlite3
import statistics
import sys
import threading
import time
import urllib.parse

base, db_file = sys.argv[1], sys.argv[2]
host = urllib.parse.urlsplit(base).netloc
CLIENTS = int(os.environ.get("CLIENTS", 32))
PER_CLIENT = int(os.environ.get("PER_CLIENT", 100))
SEED = int(os.environ.get("SEED", 20000))
N = int(os.environ.get("N", 50))
PROCESS = "/mitmachen/umsetzung-begleiten"
PW = "Kelterei am Main 1848"


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
    return re.search(rf'name="{name}" value="([^"]+)"', page.decode()).group(1)


def login(i):
    conn = http.client.HTTPConnection(host, timeout=60)
    _, page, _ = request(conn, "GET", "/anmelden")
    res, _, _ = request(conn, "POST", "/anmelden", {"token": field(page, "token"), "email": f"bench{i}@example.org", "password": PW})
    cookie = res.getheader("Set-Cookie").split(";")[0]
    _, page, _ = request(conn, "GET", "/konto", cookie=cookie)
    csrf = field(page, "csrf")
    request(conn, "POST", "/konto/einwilligung", {"csrf": csrf, "consent": "yes"}, cookie)
    return conn, cookie, csrf


sessions = [login(i) for i in range(CLIENTS)]
times, acked, errors = [], [], []
lock = threading.Lock()


def client(i):
    conn, cookie, csrf = sessions[i]
    for k in range(PER_CLIENT):
        body = {"csrf": csrf, "kind": "proposal", "title": f"Vorschlag {i}-{k}", "body": f"Text {i} {k}: mehr Tempo beim Ausbau.", "trotzdem": "1"}
        res, _, ms = request(conn, "POST", PROCESS, body, cookie)
        with lock:
            times.append(ms)
            if res.status == 303 and "/beitraege/" in (res.getheader("Location") or ""):
                acked.append(res.getheader("Location").split("/beitraege/")[1].split("?")[0])
            else:
                errors.append(res.status)


with sqlite3.connect(db_file) as db:
    before = db.execute("SELECT COUNT(*) FROM contributions").fetchone()[0]
threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
t0 = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
wall = time.perf_counter() - t0
with sqlite3.connect(db_file) as db:
    stored = db.execute("SELECT COUNT(*) FROM contributions").fetchone()[0] - before
    distinct_titles = db.execute("SELECT COUNT(DISTINCT title) FROM contributions WHERE title LIKE 'Vorschlag %-%'").fetchone()[0]
q = statistics.quantiles(times, n=100)
print(f"| posts | clients | per s | p50 ms | p99 ms | acknowledged | stored | distinct | refused |")
print(f"|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
print(f"| {len(times)} | {CLIENTS} | {len(times) / wall:.0f} | {q[49]:.1f} | {q[98]:.1f} | {len(acked)} | {stored} | {distinct_titles} | {len(errors)} |")

# Seed the process up to SEED top-level contributions, a third of them answered.
with sqlite3.connect(db_file) as db:
    have = db.execute("SELECT COUNT(*) FROM contributions WHERE process = 'umsetzung-begleiten' AND parent IS NULL").fetchone()[0]
    author = db.execute("SELECT id FROM accounts WHERE email = 'bench0@example.org'").fetchone()[0]
    now = int(time.time())
    rows = [("umsetzung-begleiten", "process", "", "proposal", author, f"Gesät {n}", f"Text {n}", now) for n in range(max(0, SEED - have))]
    db.executemany("INSERT INTO contributions (process, target_kind, target, kind, author, title, body, created_at) VALUES (?,?,?,?,?,?,?,?)", rows)
    ids = [r[0] for r in db.execute("SELECT id FROM contributions WHERE process = 'umsetzung-begleiten' AND parent IS NULL ORDER BY id")]
    states = ["under_review", "adopted", "partially_adopted", "not_adopted"]
    for n, cid in enumerate(ids[::3]):
        cur = db.execute("INSERT INTO answers (contribution, state, reasoning, department, author, created_at) VALUES (?,?,?,?,?,?)", (cid, states[n % 4], f"Begründung {n}", "hmdse", author, now))
        db.execute("INSERT OR REPLACE INTO answer_current (contribution, answer, state, answered_at) VALUES (?,?,?,?)", (cid, cur.lastrowid, states[n % 4], now))
    total = len(ids)

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
