#!/usr/bin/env bash
# Answers benchmark (BENCHMARKS.md, "Participation at load and the Abwägungstabelle", issue 17):
# CLIENTS connections post proposals, then supports, through the forms for DURATION seconds each (wrk; rate
# limits off, `trotzdem=1` so the similar step never intervenes); every acknowledged post is found
# in the database exactly once and the supports are counted. The process is seeded to SEED
# contributions, and the Abwägungstabelle, its deep page, filters, the figures and the streamed
# CSV (with the server's memory while it streams) are timed. One release server with the default
# content, on SQLite, or with DB=postgres on a fresh database of the local PostgreSQL (dropped at
# the end). Needs `cargo build --release` and wrk (installed from Debian's packages if missing);
# FAHRPLAN_BIN, CLIENTS, DURATION, SEED, N, WRK_THREADS, PG_URL override.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${FAHRPLAN_BIN:-target/release/fahrplan}
OUT=bench/out
mkdir -p "$OUT"
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 1; }
export FAHRPLAN_RATE_LIMITS=off
unset FAHRPLAN_DATABASE_URL FAHRPLAN_CONFIG FAHRPLAN_CONTENT
CLIENTS=${CLIENTS:-32}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } \
  || { echo "wrk is missing and could not be installed" >&2; exit 1; }
data=$(mktemp -d)
db="$data/fahrplan.db"
if [ "${DB:-sqlite}" = postgres ]; then
  name="fahrplan_bench_$$"
  pg=${PG_URL:-postgres://postgres@127.0.0.1:5432}
  psql -qAt "$pg/postgres" -c "CREATE DATABASE $name" >/dev/null
  db="$pg/$name"
  export FAHRPLAN_DATABASE_URL="$db"
  FAHRPLAN_AUDIT_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
  FAHRPLAN_TOTP_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
  export FAHRPLAN_AUDIT_KEY FAHRPLAN_TOTP_KEY
fi
pid=
cleanup() {
  [ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
  rm -rf "$data"
  [ -z "${name:-}" ] || psql -qAt "$pg/postgres" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$BIN" --data-dir "$data" serve --addr "127.0.0.1:$port" >"$OUT/consideration-server.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do curl -fs "$base/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
for i in $(seq 0 $((CLIENTS - 1))); do
  printf '%s\n' 'Kelterei am Main 1848' | "$BIN" --data-dir "$data" admin create-user \
    --email "bench$i@example.org" --display-name "Bench $i" --role participant --password-stdin >/dev/null
done
printf '%s\n' 'Kelterei am Main 1848' | "$BIN" --data-dir "$data" admin create-user \
  --email seed@example.org --display-name "Saat" --role participant --password-stdin >/dev/null
CLIENTS=$CLIENTS SERVER_PID=$pid python3 bench/consideration/measure.py "$base" "$db" \
  | tee "$OUT/consideration-${DB:-sqlite}-$(date +%Y%m%d-%H%M).md"
