#!/usr/bin/env bash
# What each mechanism of the Hessen-Suche is worth (BENCHMARKS.md, "What each mechanism is
# worth"): switches one mechanism off at a time (FAHRPLAN_SEARCH_WITHOUT, see
# crates/fahrplan-search/src/ablation.rs) and scores
#   - the portal's own pages: ../shared/eval/site-dev-queries.jsonl and our
#     bench/search/site-queries.jsonl with ../shared/eval/site_eval.py (P@k / R@20 / list P),
#   - the law corpus: ../shared/eval/search-dev-queries.jsonl with eval_api.py (MRR@10, p99).
# Needs a release build (`cargo build --release`). Usage:
#   bash bench/search/ablation.sh [site|laws|both] [mechanism ...]
# Without mechanisms it runs "none" (everything on) and every mechanism of ablation.rs.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIN:-target/release/fahrplan}
OUT=bench/out/ablation
mkdir -p "$OUT"
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 1; }
what=${1:-both}; shift || true
mechs=("$@")
[ ${#mechs[@]} -gt 0 ] || mechs=(none all-parts part-hits min-part topic common coverage joined synonyms typo-cap rare-only cut-off weight)
export FAHRPLAN_RATE_LIMITS=off
unset FAHRPLAN_DATABASE_URL FAHRPLAN_CONFIG

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() {
  for _ in $(seq 1 6000); do curl -fs "$1/readyz" >/dev/null 2>&1 && return 0; sleep 0.05; done
  echo "server at $1 never became ready" >&2; return 1
}
# serve DATA MECHANISM CONTENT: starts a server, prints "pid base"
serve() {
  local p; p=$(port)
  local without=$2; [ "$without" = none ] && without=""
  FAHRPLAN_SEARCH_WITHOUT="$without" FAHRPLAN_CONTENT="$3" \
    "$BIN" --data-dir "$1" serve --addr "127.0.0.1:$p" >>"$OUT/server.log" 2>&1 &
  echo "$! http://127.0.0.1:$p"
}
# stop PID: the server is not this shell's child (it was started in a process substitution)
stop() { kill -TERM "$1"; while kill -0 "$1" 2>/dev/null; do sleep 0.1; done; }

if [ "$what" = site ] || [ "$what" = both ]; then
  content="$OUT/content"
  [ -d "$content" ] || "$BIN" --data-dir "$(mktemp -d)" export content "$content" >/dev/null
  for m in "${mechs[@]}"; do
    data=$(mktemp -d)
    read -r pid base < <(serve "$data" "$m" default)
    wait_ready "$base"
    for set in dev:../shared/eval/site-dev-queries.jsonl own:bench/search/site-queries.jsonl; do
      line=$(python3 ../shared/eval/site_eval.py "$base" "${set#*:}" "$content" | grep '^fahrplan:')
      echo "site ${set%%:*} without=$m $line" | tee -a "$OUT/site.txt"
    done
    stop "$pid"
    rm -rf "$data"
  done
fi

if [ "$what" = laws ] || [ "$what" = both ]; then
  docs=bench/out/laws.jsonl.gz
  [ -s "$docs" ] || python3 bench/search/make_docs.py "$docs"
  data="$OUT/laws-data"
  if ! [ -d "$data/search" ]; then
    rm -rf "$data"; mkdir -p "$data"
    read -r pid base < <(serve "$data" none none)
    wait_ready "$base"
    "$BIN" --data-dir "$data" import documents "$docs" >/dev/null
    wait_ready "$base"
    stop "$pid"
  fi
  for m in "${mechs[@]}"; do
    read -r pid base < <(serve "$data" "$m" none)
    wait_ready "$base"
    python3 bench/search/eval_api.py --base "$base" --limit 10 --system "without $m" \
      --out "$OUT/laws-$m.json" >/dev/null
    python3 - "$OUT/laws-$m.json" "$m" <<'PY' | tee -a "$OUT/laws.txt"
import json, sys
r = json.load(open(sys.argv[1]))["systems"][0]
m, l = r["mrr10"], r["latency_ms"]
cats = " ".join(f"{c} {v:.3f}" for c, v in m.items() if c != "all")
print(f"laws without={sys.argv[2]} MRR@10 {m['all']:.3f} | {cats} | p50 {l['p50']:.1f} ms p99 {l['p99']:.1f} ms")
PY
    stop "$pid"
  done
fi
