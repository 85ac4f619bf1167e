#!/usr/bin/env bash
# Answers benchmark (BENCHMARKS.md, "Participation at load and the Abwägungstabelle", issue 17):
# CLIENTS concurrent clients post proposals through the form (rate limits off, `trotzdem=1` so the
# similar step never intervenes), every acknowledged post is counted in the database; then the
# process is seeded to SEED contributions and the Abwägungstabelle, its deep page, filters, the
# figures and the streamed CSV are timed. One release server on SQLite with the default content.
# Needs `cargo build --release`; FAHRPLAN_BIN, CLIENTS, PER_CLIENT, SEED, N override.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${FAHRPLAN_BIN:-target/release/fahrplan}
OUT=bench/out
mkdir -p "$OUT"
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 1; }
export FAHRPLAN_RATE_LIMITS=off
unset FAHRPLAN_DATABASE_URL FAHRPLAN_CONFIG FAHRPLAN_CONTENT
CLIENTS=${CLIENTS:-32}
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$BIN" --data-dir "$data" serve --addr "127.0.0.1:$port" >"$OUT/consideration-server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 600); do curl -fs "$base/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
for i in $(seq 0 $((CLIENTS - 1))); do
  printf '%s\n' 'Kelterei am Main 1848' | "$BIN" --data-dir "$data" admin create-user \
    --email "bench$i@example.org" --display-name "Bench $i" --role participant --password-stdin >/dev/null
done
CLIENTS=$CLIENTS python3 bench/consideration/measure.py "$base" "$data/fahrplan.db" \
  | tee "$OUT/consideration-$(date +%Y%m%d-%H%M).md"
