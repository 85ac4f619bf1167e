"""Writes contributions through the form, seeds many more straight into SQLite, then times reads.

Environment: WRITES (form posts, 300), SEED (contributions added by SQL, 20000), ACCOUNTS (seeded
accounts, 1000), SUPPORTS (seeded supports, 50000), N (requests per read case, 200).
Usage: measure.py BASE_URL SQLITE_FILE
"""
import http.client
import os
import random
import re
import sqlite3
import statistics
import sys
import time
import urllib.parse

base, db_file = sys.argv[1], sys.argv[2]
host = urllib.parse.urlsplit(base).netloc
WRITES = int(os.environ.get("WRITES", 300))
SEED = int(os.environ.get("SEED", 20000))
ACCOUNTS = int(os.environ.get("ACCOUNTS", 1000))
SUPPORTS = int(os.environ.get("SUPPORTS", 50000))
N = int(os.environ.get("N", 200))
PROCESS = "/mitmachen/umsetzung-begleiten"
MEASURE = "measure:glasfaserpakt-hessen"
random.seed(2026)


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
    text = res.read().decode()
    return res, text, (time.perf_counter() - t0) * 1000


def field(page, name):
    return re.search(rf'name="{name}" value="([^"]+)"', page).group(1)


conn = http.client.HTTPConnection(host, timeout=60)
_, page, _ = request(conn, "GET", "/anmelden")
res, _, _ = request(conn, "POST", "/anmelden", {"token": field(page, "token"), "email": "bench@example.org", "password": "Kelterei am Main 1848"})
cookie = res.getheader("Set-Cookie").split(";")[0]
_, page, _ = request(conn, "GET", "/konto", cookie=cookie)
csrf = field(page, "csrf")
request(conn, "POST", "/konto/einwilligung", {"csrf": csrf, "consent": "yes"}, cookie)

# Writes through the form: proposals about a measure, every fifth a reply to the first one.
write_ms, first = [], None
for i in range(WRITES):
    if first and i % 5 == 0:
        res, _, ms = request(conn, "POST", f"{PROCESS}/beitraege/{first}/antworten", {"csrf": csrf, "body": f"Antwort {i}: Das sehe ich auch so."}, cookie)
    else:
        res, _, ms = request(conn, "POST", PROCESS, {"csrf": csrf, "kind": "proposal", "target": MEASURE, "title": f"Vorschlag {i} zum Glasfaserausbau", "body": f"Text {i}: Gemeinden brauchen schnellere Genehmigungen für Leerrohre."}, cookie)
    if res.status != 303:
        sys.exit(f"write {i}: status {res.status}")
    first = first or int(re.search(r"/beitraege/(\d+)", res.getheader("Location")).group(1))
    write_ms.append(ms)

# Many more straight into the database: accounts, contributions over all targets, supports.
db = sqlite3.connect(db_file, timeout=30)
now = int(time.time())
targets = [("area", f"2021/{s}") for (s,) in db.execute("SELECT slug FROM areas WHERE edition = '2021'")]
targets += [("measure", s) for (s,) in db.execute("SELECT slug FROM measures WHERE edition = '2021'")]
targets += [("process", "")]
with db:
    start = db.execute("SELECT COALESCE(MAX(id), 0) FROM accounts").fetchone()[0] + 1
    db.executemany("INSERT INTO accounts (id, email, display_name, password_hash, created_at, verified_at) VALUES (?, ?, ?, NULL, ?, ?)",
                   [(start + i, f"seed{i}@example.org", f"Person {i}", now, now) for i in range(ACCOUNTS)])
    base_id = db.execute("SELECT COALESCE(MAX(id), 0) FROM contributions").fetchone()[0] + 1
    rows, seeded_roots = [], []
    for i in range(SEED):
        kind, key = random.choice(targets)
        # Replies hang under a top-level contribution, one level deep, as the app keeps them.
        parent = random.choice(seeded_roots) if i > 100 and random.random() < 0.3 else None
        if parent is None:
            seeded_roots.append(base_id + i)
        rows.append((base_id + i, "umsetzung-begleiten", kind, key, "proposal" if parent is None else "comment", start + random.randrange(ACCOUNTS),
                     parent, f"Gesetzter Vorschlag {i}" if parent is None else "",
                     f"Gesetzter Text {i} über Breitband, Verwaltung und Schulen.", now - SEED + i))
    db.executemany("INSERT INTO contributions (id, process, target_kind, target, kind, author, parent, title, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    pairs = set()
    while len(pairs) < SUPPORTS:
        pairs.add((seeded_roots[int(random.paretovariate(1.2)) % len(seeded_roots)], start + random.randrange(ACCOUNTS)))
    db.executemany("INSERT INTO supports (contribution, account, created_at) VALUES (?, ?, ?)", [(c, a, now) for c, a in pairs])
    # The app keeps each contribution's count with its supports; the seed does the same at once.
    db.execute("UPDATE contributions SET supports_count = (SELECT COUNT(*) FROM supports s WHERE s.contribution = contributions.id)")
total = db.execute("SELECT COUNT(*) FROM contributions").fetchone()[0]
roots = db.execute("SELECT COUNT(*) FROM contributions WHERE parent IS NULL").fetchone()[0]
db.close()
last_page = (roots + 19) // 20

cases = {
    "process page, newest first": PROCESS,
    "most supported first": f"{PROCESS}?sortierung=unterstuetzt",
    f"page {last_page} (the last)": f"{PROCESS}?seite={last_page}",
    "narrowed to one measure": f"{PROCESS}?zu={MEASURE}",
    f"thread with {WRITES // 5} replies": f"{PROCESS}/beitraege/{first}",
}
times = {k: [] for k in cases}
for name, path in cases.items():
    request(conn, "GET", path, cookie=cookie)
for _ in range(N):
    for name, path in cases.items():
        res, _, ms = request(conn, "GET", path, cookie=cookie)
        if res.status != 200:
            sys.exit(f"{name}: status {res.status}")
        times[name].append(ms)


def q(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(p * len(v)))]


load = os.getloadavg()[0]
print(f"{WRITES} form posts, then {SEED} contributions by {ACCOUNTS} accounts and {len(pairs)} supports seeded: "
      f"{total} contributions ({roots} top-level). {N} requests per read case, logged in (pages with a session are never cached). "
      f"nproc {os.cpu_count()}, load {load:.2f}.\n")
print("| case | p50 ms | p99 ms | max ms |")
print("|---|---:|---:|---:|")
print(f"| write a contribution (form POST, {WRITES}) | {statistics.median(write_ms):.1f} | {q(write_ms, 0.99):.1f} | {max(write_ms):.1f} |")
for name, v in times.items():
    print(f"| {name} | {statistics.median(v):.1f} | {q(v, 0.99):.1f} | {max(v):.1f} |")
