#!/usr/bin/env bash
# Login benchmark (BENCHMARKS.md, "Accounts"): how long a login takes through HTTP, and whether
# an unknown email answers as slowly as a known one with a wrong password (no account
# enumeration by timing). One server, rate limits off, N logins per case, interleaved.
# Needs a release build (`cargo build --release`); FAHRPLAN_BIN and N override. Output: a Markdown
# table on stdout and in bench/out/login-<date>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${FAHRPLAN_BIN:-target/release/fahrplan}
N=${N:-40}
OUT=bench/out
mkdir -p "$OUT"
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 1; }
export FAHRPLAN_CONTENT=none FAHRPLAN_RATE_LIMITS=off
unset FAHRPLAN_DATABASE_URL FAHRPLAN_CONFIG

data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$BIN" --data-dir "$data" serve --addr "127.0.0.1:$port" >"$OUT/login-server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 600); do curl -fs "$base/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
printf '%s\n' 'Kelterei am Main 1848' | "$BIN" --data-dir "$data" admin create-user \
  --email known@example.org --display-name Bench --role participant --password-stdin >/dev/null

python3 bench/login/measure.py "$base" "$N" | tee "$OUT/login-$(date +%Y%m%d-%H%M).md"
