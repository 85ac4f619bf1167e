#!/usr/bin/env bash
# Editorial benchmark (issue 16, BENCHMARKS.md "Editorial: publishing a change"): how long
# publishing a change of a measure's body takes through the forms (an editor saves a draft and
# gives it to review, an admin publishes it), and how long until the public measure page shows
# the new text. One server with the default content and rate limits off, on a fresh SQLite data
# dir and, when a PostgreSQL URL is given, on a database of its own that it drops at the end.
#
# Usage: cargo build --release -p fahrplan && bash bench/editorial.sh
# Environment: FAHRPLAN_BIN (default target/release/fahrplan), RUNS (publications, default 50),
#              OBSERVATIONS=1 first imports the 100,000 generated observations of
#              bench/monitoring.sh (editorial pages must not read them),
#              BENCH_POSTGRES_URL (or FAHRPLAN_TEST_POSTGRES_URL; e.g.
#              postgres://postgres@127.0.0.1:5432/postgres, needs psql), KEEP_TMP=1 keeps the
#              temporary folder.
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$SCRIPT_DIR/.."
BIN="${FAHRPLAN_BIN:-target/release/fahrplan}"
RUNS="${RUNS:-50}"
PG_URL="${BENCH_POSTGRES_URL:-${FAHRPLAN_TEST_POSTGRES_URL:-}}"
[[ -x "$BIN" ]] || { echo "editorial.sh: no binary at $BIN (cargo build --release -p fahrplan)" >&2; exit 1; }
export FAHRPLAN_RATE_LIMITS=off
unset FAHRPLAN_DATABASE_URL FAHRPLAN_CONFIG FAHRPLAN_CONTENT
TMP="$(mktemp -d)"
PID=""
PG_DB=""
cleanup() {
    if [[ -n "$PID" ]]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
    if [[ -n "$PG_DB" ]]; then psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1 || true; fi
    [[ "${KEEP_TMP:-}" = 1 ]] || rm -rf "$TMP"
}
trap cleanup EXIT

# Runs the measurement against one database: $1 the label, $2 the data dir, $3 the database URL
# (empty: SQLite in the data dir).
measure() {
    local label=$1 data=$2 url=$3 port
    local db=()
    [[ -n "$url" ]] && db=(--database-url "$url")
    if [[ "${OBSERVATIONS:-}" = 1 ]]; then
        [[ -f "$TMP/observations.csv" ]] || python3 bench/monitoring/generate.py content/hessen "$TMP/observations.csv"
        "$BIN" --data-dir "$data" "${db[@]}" import observations "$TMP/observations.csv" >/dev/null 2>>"$TMP/cli-$label.log"
    fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "$BIN" --data-dir "$data" "${db[@]}" serve --addr "127.0.0.1:$port" >"$TMP/serve-$label.log" 2>&1 &
    PID=$!
    # The first start loads the default content; /readyz answers once it is indexed.
    for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || { echo "editorial.sh: server not ready ($label)" >&2; exit 1; }
    # The command line makes the accounts while the server runs (CONTRACTS.md); the second
    # factor is set up at the first login, through the forms.
    printf '%s\n' 'Kelterei am Main 1848' | "$BIN" --data-dir "$data" "${db[@]}" admin create-user \
        --email redaktion-hmdi@example.org --display-name 'Redaktion HMDI' --role editor \
        --department hmdi --password-stdin >/dev/null 2>>"$TMP/cli-$label.log"
    printf '%s\n' 'Kelterei am Main 1848' | "$BIN" --data-dir "$data" "${db[@]}" admin create-user \
        --email pruefung@example.org --display-name 'Prüfung' --role admin --password-stdin >/dev/null 2>>"$TMP/cli-$label.log"
    python3 bench/editorial/measure.py "http://127.0.0.1:$port" "$RUNS" "$label"
    kill "$PID"; wait "$PID" 2>/dev/null || true
    PID=""
}

measure sqlite "$TMP/sqlite" ""
if [[ -n "$PG_URL" ]]; then
    PG_DB="fahrplan_bench_editorial_$$"
    psql -q "$PG_URL" -c "CREATE DATABASE $PG_DB" >/dev/null
    # PostgreSQL needs the keys every node and command shares (fresh ones: the database is new).
    FAHRPLAN_TOTP_KEY="$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
    FAHRPLAN_AUDIT_KEY="$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
    export FAHRPLAN_TOTP_KEY FAHRPLAN_AUDIT_KEY
    echo
    measure postgres "$TMP/postgres" "${PG_URL%/*}/$PG_DB"
fi
echo
echo "binary: $BIN · nproc $(nproc) · load $(cut -d' ' -f1-3 /proc/loadavg)"
