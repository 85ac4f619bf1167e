"""Publishes editorial changes of a measure's body through the forms and times each step.

An editor of the measure's department saves a draft, gives it to review, and an admin (the second
person) publishes it; then an anonymous reader polls the public measure page until it shows the
new text. Both log in through the forms and set up their second factor with a TOTP code computed
here (RFC 6238, SHA-1, 30 s, 6 digits), as the browser tests do.

Prints a Markdown table with p50/p90/max in ms per step.
Usage: measure.py BASE_URL RUNS LABEL
"""
import base64
import hashlib
import hmac
import html.parser
import http.client
import os
import re
import struct
import sys
import time
import urllib.parse

base, runs, label = sys.argv[1], int(sys.argv[2]), sys.argv[3]
host = urllib.parse.urlsplit(base).netloc
PASSWORD = "Kelterei am Main 1848"
SLUG = "glasfaserpakt-hessen"  # led by hmdse, which hmdi succeeded: hmdi's editors may edit it
EDIT = f"/redaktion/inhalte/massnahme/{SLUG}/bearbeiten"
PUBLIC = f"/massnahmen/{SLUG}"
conn = http.client.HTTPConnection(host, timeout=60)


def request(method, path, body=None, cookie=None):
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


def expect(res, status, what):
    if res.status != status:
        sys.exit(f"{what}: status {res.status}, expected {status}")


def field(page, name):
    return re.search(rf'name="{name}" value="([^"]+)"', page).group(1)


def totp(secret):
    key = base64.b32decode(secret.replace(" ", "").upper() + "=" * (-len(secret.replace(" ", "")) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = mac[-1] & 0xF
    return f"{(struct.unpack('>I', mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def staff_session(email):
    """Logs in and sets up the second factor; returns the Cookie header of the full session."""
    _, page, _ = request("GET", "/anmelden")
    res, _, _ = request("POST", "/anmelden", {"token": field(page, "token"), "email": email, "password": PASSWORD})
    expect(res, 303, f"login {email}")
    half = res.getheader("Set-Cookie").split(";")[0]
    _, page, _ = request("GET", "/konto/zwei-faktor", cookie=half)
    secret = re.search(r'class="secret">([^<]+)<', page).group(1)
    res, _, _ = request("POST", "/konto/zwei-faktor", {"csrf": field(page, "csrf"), "code": totp(secret)}, half)
    expect(res, 200, f"second factor {email}")
    return res.getheader("Set-Cookie").split(";")[0]


class Form(html.parser.HTMLParser):
    """The fields of the page's POST form with their current values, as a browser sends them."""

    def __init__(self):
        super().__init__()
        self.pairs, self.inside, self.select, self.textarea = [], False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method") == "post" and a.get("action", "").endswith("/bearbeiten"):
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and "name" in a:
            if a.get("type") != "checkbox" or "checked" in a:
                self.pairs.append([a["name"], a.get("value", "")])
        elif tag == "textarea":
            self.textarea = [a["name"], ""]
            self.pairs.append(self.textarea)
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and "selected" in a:
            self.pairs.append([self.select, a.get("value", "")])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


def form_of(page):
    f = Form()
    f.feed(page)
    # A textarea's first line break belongs to the markup, not to the text (HTML parsing rules).
    return [(k, v[1:] if v.startswith("\n") else v) for k, v in f.pairs]


author = staff_session("redaktion-hmdi@example.org")
reviewer = staff_session("pruefung@example.org")
_, page, _ = request("GET", EDIT, cookie=author)
original = dict(form_of(page))["body"]
request("GET", PUBLIC)  # the page is in the cache before the first publication

steps = {"save draft (POST form)": [], "give to review": [], "publish (second person)": [],
         "draft → published, three requests": [], "published → public page shows it": []}
for i in range(runs):
    marker = f"Messlauf {label} {i}: Der Ausbau wird fortgeschrieben."
    _, page, _ = request("GET", EDIT, cookie=author)
    pairs = [(k, original + "\n\n" + marker if k == "body" else v) for k, v in form_of(page)]
    res, _, save_ms = request("POST", EDIT, pairs, author)
    expect(res, 303, "save draft")
    change = res.getheader("Location")
    _, change_page, _ = request("GET", change, cookie=author)
    csrf = field(change_page, "csrf")
    res, _, submit_ms = request("POST", f"{change}/pruefen", {"csrf": csrf}, author)
    expect(res, 303, "submit")
    _, change_page, _ = request("GET", change, cookie=reviewer)
    res, _, publish_ms = request("POST", f"{change}/veroeffentlichen", {"csrf": field(change_page, "csrf")}, reviewer)
    expect(res, 303, "publish")
    published = time.perf_counter()
    while True:
        _, public, _ = request("GET", PUBLIC)
        if marker in public:
            break
        if time.perf_counter() - published > 10:
            sys.exit(f"run {i}: the public page did not show the text within 10 s")
        time.sleep(0.005)
    steps["save draft (POST form)"].append(save_ms)
    steps["give to review"].append(submit_ms)
    steps["publish (second person)"].append(publish_ms)
    steps["draft → published, three requests"].append(save_ms + submit_ms + publish_ms)
    steps["published → public page shows it"].append((time.perf_counter() - published) * 1000)


def q(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(p * len(v)))]


print(f"{label}: {runs} publications of the body of measure {SLUG}; "
      f"nproc {os.cpu_count()}, load {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
print("| step | p50 ms | p90 ms | max ms |")
print("|---|---:|---:|---:|")
for name, v in steps.items():
    print(f"| {name} | {q(v, 0.5):.1f} | {q(v, 0.9):.1f} | {max(v):.1f} |")
