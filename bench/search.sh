#!/usr/bin/env bash
# Search benchmark (BENCHMARKS.md, "Search"): fahrplan against SQLite FTS5 on the German federal
# laws, in one run on this machine. Measures, for whole laws and for sections:
#   - quality: MRR@10 / S@10 per category (bench/search/eval_api.py, fts5_baseline.py)
#   - import-to-searchable time: from starting `fahrplan import documents` while a server runs on
#     the same data folder until /readyz says the index has applied every outbox row
#   - latency of the HTTP API (client-side p50/p99) and peak RSS (VmHWM) of the server
#   - freshness: from starting the import of one new document until the API finds it
# Needs a release build (`cargo build --release`). Results go to bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=target/release/fahrplan
OUT=bench/out
mkdir -p "$OUT"
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 1; }
export FAHRPLAN_CONTENT=none FAHRPLAN_RATE_LIMITS=off
unset FAHRPLAN_DATABASE_URL FAHRPLAN_CONFIG

now() { date +%s.%N; }
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { # wait until /readyz answers 200
  for _ in $(seq 1 6000); do
    curl -fs "$1/readyz" >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "server at $1 never became ready" >&2; return 1
}

run_mode() { # $1 = laws | sections
  local mode=$1 flag="" docs="$OUT/$1.jsonl.gz"
  [ "$mode" = sections ] && flag="--sections"
  [ -s "$docs" ] || python3 bench/search/make_docs.py $flag "$docs"
  local data; data=$(mktemp -d)
  local p; p=$(port)
  local base="http://127.0.0.1:$p"
  "$BIN" --data-dir "$data" serve --addr "127.0.0.1:$p" >"$OUT/server-$mode.log" 2>&1 &
  local pid=$!
  wait_ready "$base"
  local t0; t0=$(now)
  "$BIN" --data-dir "$data" import documents "$docs" | tee "$OUT/import-$mode.txt"
  local t1; t1=$(now)
  wait_ready "$base"
  local t2; t2=$(now)
  # Sections mode asks for 10 hits too (not 100), so latency is that of a normal result page;
  # a law found only beyond the tenth section counts as a miss.
  python3 bench/search/eval_api.py --base "$base" $flag --limit 10 --system "fahrplan" --out "$OUT/search-fahrplan${flag:+-sections}.json"
  # Freshness: one new document, imported by a second process while the server runs.
  local fresh="$OUT/fresh-$mode.jsonl"
  echo "{\"id\":\"frisch-$mode\",\"title\":\"Quokkaschutzverordnung $mode\",\"body\":\"Neu\"}" >"$fresh"
  local f0; f0=$(now)
  "$BIN" --data-dir "$data" import documents "$fresh" >/dev/null
  until curl -fs "$base/api/v1/search?q=Quokkaschutzverordnung" | grep -q "frisch-$mode"; do sleep 0.02; done
  local f1; f1=$(now)
  local rss; rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  local index_mb; index_mb=$(du -sm "$data/search" | cut -f1)
  local db_mb; db_mb=$(du -sm "$data/fahrplan.db" | cut -f1)
  kill -TERM "$pid"; wait "$pid" || true
  rm -rf "$data"
  python3 - "$mode" "$t0" "$t1" "$t2" "$f0" "$f1" "$rss" "$index_mb" "$db_mb" <<'PY' | tee "$OUT/search-speed-$1.txt"
import sys
mode, t0, t1, t2, f0, f1, rss, idx, db = sys.argv[1:]
t0, t1, t2, f0, f1 = map(float, (t0, t1, t2, f0, f1))
print(f"{mode}: import command {t1 - t0:.1f} s, import start to all searchable {t2 - t0:.1f} s, "
      f"freshness {f1 - f0:.2f} s (incl. starting the import process), server peak RSS {int(rss) / 1024:.0f} MB, "
      f"index {idx} MB, database {db} MB")
PY
}

echo "== machine"; uptime; nproc
# MODES=laws or MODES=sections runs one part only; SKIP_FTS5=1 skips the baselines (while tuning).
MODES=${MODES:-laws sections}
if [ -z "${SKIP_FTS5:-}" ]; then
  echo "== SQLite FTS5 baselines"
  python3 bench/search/fts5_baseline.py
  python3 bench/search/fts5_baseline.py --sections
fi
for m in $MODES; do echo "== fahrplan, $m"; run_mode "$m"; done
echo "== comparison"
# Each mode is compared only when it ran and its baseline exists (MODES=laws skips sections).
for pair in "search-fahrplan.json search-fts5.json" "search-fahrplan-sections.json search-fts5-sections.json"; do
  set -- $pair
  case "$MODES" in *sections*) ;; *) [ "$1" = search-fahrplan-sections.json ] && continue ;; esac
  case "$MODES" in *laws*) ;; *) [ "$1" = search-fahrplan.json ] && continue ;; esac
  if [ -s "$OUT/$2" ]; then python3 bench/search/compare.py "$OUT/$1" "$OUT/$2"; else echo "no baseline $OUT/$2 (run without SKIP_FTS5 once)"; fi
done
cat "$OUT"/search-speed-*.txt
