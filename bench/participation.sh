#!/usr/bin/env bash
# Participation benchmark (BENCHMARKS.md, "Participation"): how long writing a contribution
# through the form takes, and how fast a process page, its most-supported order, a deep page, a
# list narrowed to one measure and a long thread answer once the process holds many
# contributions and supports. One server on SQLite with the default content, rate limits off.
# Needs a release build (`cargo build --release`); FAHRPLAN_BIN, WRITES, SEED, ACCOUNTS, SUPPORTS
# and N override. Output: a Markdown table on stdout and in bench/out/participation-<date>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${FAHRPLAN_BIN:-target/release/fahrplan}
OUT=bench/out
mkdir -p "$OUT"
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 1; }
export FAHRPLAN_RATE_LIMITS=off
unset FAHRPLAN_DATABASE_URL FAHRPLAN_CONFIG FAHRPLAN_CONTENT

data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$BIN" --data-dir "$data" serve --addr "127.0.0.1:$port" >"$OUT/participation-server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 600); do curl -fs "$base/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
printf '%s\n' 'Kelterei am Main 1848' | "$BIN" --data-dir "$data" admin create-user \
  --email bench@example.org --display-name Bench --role participant --password-stdin >/dev/null

python3 bench/participation/measure.py "$base" "$data/fahrplan.db" \
  | tee "$OUT/participation-$(date +%Y%m%d-%H%M).md"
