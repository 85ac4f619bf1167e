#!/usr/bin/env bash
# Monitoring benchmark (issue 15): importing 100,000 observations from CSV (20 indicators x 26
# Kreise x 192 months, generated) into a fresh SQLite database, and rendering an indicator page
# that holds about 5,000 observations without the page cache.
#
# Usage: cargo build --release -p fahrplan && bash bench/monitoring.sh
# Environment: FAHRPLAN_BIN (default target/release/fahrplan), RUNS (page requests, default 50),
#              KEEP_TMP=1 keeps the temporary folder.
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$SCRIPT_DIR/.."
BIN="${FAHRPLAN_BIN:-target/release/fahrplan}"
RUNS="${RUNS:-50}"
[[ -x "$BIN" ]] || { echo "monitoring.sh: no binary at $BIN (cargo build --release -p fahrplan)" >&2; exit 1; }
TMP="$(mktemp -d)"
PID=""
cleanup() {
    [[ -n "$PID" ]] && kill "$PID" 2>/dev/null || true
    [[ "${KEEP_TMP:-}" = 1 ]] || rm -rf "$TMP"
}
trap cleanup EXIT

# The database with the default content: a command that writes loads it on first use, so a file
# with only the header prepares it and the measured import finds it loaded.
echo "indicator,period,value,region,source,note" >"$TMP/empty.csv"
"$BIN" --data-dir "$TMP/data" import observations "$TMP/empty.csv" >/dev/null
python3 bench/monitoring/generate.py content/hessen "$TMP/observations.csv"
rows=$(($(wc -l <"$TMP/observations.csv") - 1))

start=$(date +%s.%N)
"$BIN" --data-dir "$TMP/data" import observations "$TMP/observations.csv" | tee "$TMP/import.log"
end=$(date +%s.%N)
import_s=$(python3 -c "print(f'{$end - $start:.2f}')")
again_start=$(date +%s.%N)
"$BIN" --data-dir "$TMP/data" import observations "$TMP/observations.csv" >"$TMP/again.log"
again_end=$(date +%s.%N)
again_s=$(python3 -c "print(f'{$again_end - $again_start:.2f}')")

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
FAHRPLAN_RATE_LIMITS=off "$BIN" --data-dir "$TMP/data" serve --addr "127.0.0.1:$PORT" >"$TMP/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.5; done
SLUG="$(head -2 "$TMP/observations.csv" | tail -1 | cut -d, -f1)"
URL="http://127.0.0.1:$PORT/umsetzung/indikatoren/$SLUG"
count="$(sqlite3 "$TMP/data/fahrplan.db" "SELECT COUNT(*) FROM observations WHERE indicator = '$SLUG'" 2>/dev/null || echo '?')"
# A session cookie (even an unknown one) makes the page cache step aside: every request renders.
for _ in 1 2 3; do curl -fs -o /dev/null -H 'Cookie: __Host-fahrplan=bench' "$URL"; done
times="$(for _ in $(seq 1 "$RUNS"); do curl -fs -o /dev/null -w '%{time_total}\n' -H 'Cookie: __Host-fahrplan=bench' "$URL"; done)"
read -r p50 p90 <<<"$(python3 -c "
import sys
t = sorted(float(x) * 1000 for x in sys.argv[1].split())
print(f'{t[len(t)//2]:.1f} {t[int(len(t)*0.9)]:.1f}')" "$times")"

cat <<OUT
| measurement | figure |
|---|---|
| CSV rows imported (fresh SQLite, one transaction) | $rows |
| import time, first run | ${import_s} s |
| import time, same file again (all unchanged) | ${again_s} s |
| observations of the indicator page ($SLUG) | $count |
| indicator page uncached, p50 / p90 of $RUNS | ${p50} ms / ${p90} ms |

$(cat "$TMP/import.log")
$(cat "$TMP/again.log")
binary: $BIN · nproc $(nproc) · load $(cut -d' ' -f1-3 /proc/loadavg)
OUT
