"""Times logins through the form: correct password, wrong password, unknown email (interleaved).

Prints a Markdown table with p50/p90/max in ms per case and the machine's core count and load.
Usage: measure.py BASE_URL N
"""
import http.client
import os
import re
import statistics
import sys
import time
import urllib.parse

base, n = sys.argv[1], int(sys.argv[2])
host = urllib.parse.urlsplit(base).netloc


def token(conn):
    conn.request("GET", "/anmelden")
    page = conn.getresponse().read().decode()
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def login(email, password):
    conn = http.client.HTTPConnection(host, timeout=30)
    body = urllib.parse.urlencode({"token": token(conn), "email": email, "password": password})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": base}
    t0 = time.perf_counter()
    conn.request("POST", "/anmelden", body, headers)
    res = conn.getresponse()
    res.read()
    ms = (time.perf_counter() - t0) * 1000
    conn.close()
    return res.status, ms


cases = {
    "known email, right password": ("known@example.org", "Kelterei am Main 1848", 303),
    "known email, wrong password": ("known@example.org", "falsch geraten 1", 422),
    "unknown email": ("nobody@example.org", "falsch geraten 1", 422),
}
times = {k: [] for k in cases}
login("known@example.org", "warm up the server")
for _ in range(n):
    for name, (email, pw, expect) in cases.items():
        status, ms = login(email, pw)
        if status != expect:
            sys.exit(f"{name}: status {status}, expected {expect}")
        times[name].append(ms)


def q(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(p * len(v)))]


print(f"{n} logins per case, interleaved; nproc {os.cpu_count()}, load {os.getloadavg()[0]:.2f}\n")
print("| case | p50 ms | p90 ms | max ms |")
print("|---|---:|---:|---:|")
for name, v in times.items():
    print(f"| {name} | {statistics.median(v):.1f} | {q(v, 0.9):.1f} | {max(v):.1f} |")
known, unknown = statistics.median(times["known email, wrong password"]), statistics.median(times["unknown email"])
print(f"\nunknown / known-wrong median ratio: {unknown / known:.2f}")
