#!/usr/bin/env bash
# Load benchmark: fahrplan vs. nginx serving the same pages as static files.
#
# Usage (from anywhere):
#   bash bench/load.sh
#   FAHRPLAN_BIN=target/debug/fahrplan DURATION=3 bash bench/load.sh
#
# Environment:
#   FAHRPLAN_BIN     fahrplan binary, relative to the repo root or absolute
#                    (default: target/release/fahrplan)
#   DURATION         seconds per measured wrk run (default: 10)
#   WARMUP           seconds of warm-up before each measured run (default: 2)
#   WRK_THREADS      wrk threads (default: 2)
#   WRK_CONNECTIONS  wrk connections (default: 64)
#   KEEP_TMP=1       keep the temporary folder (logs, data, nginx config)
#
# Only 127.0.0.1 is contacted (apart from apt-get when wrk/nginx/curl are
# missing). See bench/README.md.

set -euo pipefail

DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-2}"
WRK_THREADS="${WRK_THREADS:-2}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-64}"
READY_TIMEOUT=60   # seconds to wait for fahrplan's /readyz
NGINX_TIMEOUT=10   # seconds to wait for nginx to answer

die() {
    echo "load.sh: error: $*" >&2
    exit 1
}
log() {
    echo "load.sh: $*" >&2
}

for v in DURATION WARMUP WRK_THREADS WRK_CONNECTIONS; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer, got '${!v}'"
done

# --- repo root ---------------------------------------------------------------
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
cd "$REPO_ROOT"

LOADAVG_START="$(cat /proc/loadavg)"

# --- dependencies ------------------------------------------------------------
SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then
    SUDO="sudo"
fi

APT_UPDATED=0
apt_install() {
    # apt_install PACKAGE... (tries the packages in order, first success wins)
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install $* by hand"
    if [[ -n "$SUDO" ]] && ! command -v sudo >/dev/null 2>&1; then
        die "not root and sudo not found; install $* by hand"
    fi
    if [[ "$APT_UPDATED" -eq 0 ]]; then
        log "apt-get update"
        $SUDO apt-get update -qq || die "apt-get update failed"
        APT_UPDATED=1
    fi
    local pkg
    for pkg in "$@"; do
        log "installing $pkg"
        if $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null; then
            return 0
        fi
        log "installing $pkg failed"
    done
    die "could not install any of: $*"
}

command -v curl >/dev/null 2>&1 || apt_install curl
command -v wrk >/dev/null 2>&1 || apt_install wrk
# nginx may live in /usr/sbin, which is not always on PATH for non-root users.
NGINX="$(command -v nginx 2>/dev/null || true)"
[[ -z "$NGINX" && -x /usr/sbin/nginx ]] && NGINX=/usr/sbin/nginx
if [[ -z "$NGINX" ]]; then
    apt_install nginx-light nginx
    NGINX="$(command -v nginx 2>/dev/null || true)"
    [[ -z "$NGINX" && -x /usr/sbin/nginx ]] && NGINX=/usr/sbin/nginx
    [[ -n "$NGINX" ]] || die "nginx installed but not found on PATH or in /usr/sbin"
fi
command -v curl >/dev/null 2>&1 || die "curl not available"
command -v wrk >/dev/null 2>&1 || die "wrk not available"

# Never go through a proxy: everything is on 127.0.0.1.
CURL=(curl --noproxy '*' -s)

# --- fahrplan binary ---------------------------------------------------------
BIN="${FAHRPLAN_BIN:-target/release/fahrplan}"
[[ "$BIN" = /* ]] || BIN="$REPO_ROOT/$BIN"
[[ -f "$BIN" ]] || die "fahrplan binary not found: $BIN (build it or set FAHRPLAN_BIN)"
[[ -x "$BIN" ]] || die "fahrplan binary is not executable: $BIN"

# --- temporary folder and cleanup ---------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/fahrplan-load.XXXXXX")"
# nginx workers may run as another user (e.g. nobody when started as root):
# they need to read $TMP/www.
chmod 0755 "$TMP"
mkdir -p "$TMP/www" "$TMP/nginx-tmp"
chmod 0755 "$TMP/www"

SERVER_PID=""
NGINX_PID=""

stop_pid() {
    # stop_pid PID NAME: TERM, wait up to 10 s, then KILL.
    local pid="$1" name="$2" i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "$name (pid $pid) did not stop, killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    set +e
    [[ -n "$NGINX_PID" ]] && stop_pid "$NGINX_PID" nginx
    [[ -n "$SERVER_PID" ]] && stop_pid "$SERVER_PID" fahrplan
    if [[ $rc -ne 0 ]]; then
        if [[ -s "$TMP/fahrplan.log" ]]; then
            echo "--- last lines of the fahrplan log ---" >&2
            tail -n 20 "$TMP/fahrplan.log" >&2
        fi
        if [[ -s "$TMP/nginx-error.log" ]]; then
            echo "--- last lines of the nginx error log ---" >&2
            tail -n 20 "$TMP/nginx-error.log" >&2
        fi
    fi
    if [[ "${KEEP_TMP:-0}" = 1 ]]; then
        log "kept temporary folder $TMP"
    else
        rm -rf "$TMP"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- free ports --------------------------------------------------------------
port_in_use() {
    # Succeeds when something accepts connections on 127.0.0.1:$1.
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
free_port() {
    # free_port [EXCLUDE]: a port nobody listens on (bounded number of tries).
    local i p
    for ((i = 0; i < 100; i++)); do
        p=$((20000 + RANDOM % 40000))
        [[ "$p" = "${1:-}" ]] && continue
        if ! port_in_use "$p"; then
            echo "$p"
            return 0
        fi
    done
    return 1
}
PORT="$(free_port)" || die "no free port found for fahrplan"
NGINX_PORT="$(free_port "$PORT")" || die "no free port found for nginx"

# wait_ready PID URL SECONDS NAME: polls URL every 0.2 s until it answers 2xx, the process dies
# or SECONDS pass.
wait_ready() {
    local pid=$1 url=$2 seconds=$3 name=$4 i
    for ((i = 0; i < seconds * 5; i++)); do
        kill -0 "$pid" 2>/dev/null || die "$name exited during start-up"
        if "${CURL[@]}" -f -o /dev/null --max-time 2 "$url"; then
            return 0
        fi
        sleep 0.2
    done
    die "$name not ready after ${seconds}s ($url)"
}

# --- start fahrplan ----------------------------------------------------------
log "starting fahrplan ($BIN) on 127.0.0.1:$PORT"
FAHRPLAN_RATE_LIMITS=off "$BIN" --data-dir "$TMP/data" serve --addr "127.0.0.1:$PORT" \
    >"$TMP/fahrplan.log" 2>&1 &
SERVER_PID=$!

wait_ready "$SERVER_PID" "http://127.0.0.1:$PORT/readyz" "$READY_TIMEOUT" fahrplan
log "fahrplan is ready"

# --- pick the pages ------------------------------------------------------------
ROUTES="$(FAHRPLAN_RATE_LIMITS=off "$BIN" --data-dir "$TMP/data" routes --samples 2>"$TMP/routes.log")" \
    || die "'fahrplan routes --samples' failed (see $TMP/routes.log; set KEEP_TMP=1 to keep it)"
AREA_PATH="$(awk -F'\t' '$2 == "area (foundation)" { print $1; exit }' <<<"$ROUTES")"
[[ -n "$AREA_PATH" ]] || AREA_PATH="$(awk -F'\t' 'index($2, "area (") == 1 { print $1; exit }' <<<"$ROUTES")"
MEASURE_PATH="$(awk -F'\t' '$2 == "measure" { print $1; exit }' <<<"$ROUTES")"
[[ -n "$AREA_PATH" ]] || die "no 'area (...)' line in 'fahrplan routes --samples'"
[[ -n "$MEASURE_PATH" ]] || die "no 'measure' line in 'fahrplan routes --samples'"
UMSETZUNG_PATH="$(awk -F'\t' '$2 == "umsetzung overview" { print $1; exit }' <<<"$ROUTES")"
INDICATOR_PATH="$(awk -F'\t' '$2 == "indicator with target" { print $1; exit }' <<<"$ROUTES")"
[[ -n "$UMSETZUNG_PATH" ]] || die "no 'umsetzung overview' line in 'fahrplan routes --samples'"
[[ -n "$INDICATOR_PATH" ]] || die "no 'indicator with target' line in 'fahrplan routes --samples'"

NAMES=(start area measure umsetzung indicator)
declare -A PAGE_PATH=([start]="/" [area]="$AREA_PATH" [measure]="$MEASURE_PATH" [umsetzung]="$UMSETZUNG_PATH" [indicator]="$INDICATOR_PATH")

# --- save the pages as static files ----------------------------------------------
for name in "${NAMES[@]}"; do
    url="http://127.0.0.1:$PORT${PAGE_PATH[$name]}"
    status="$("${CURL[@]}" --compressed -H 'Accept-Encoding: gzip' --max-time 30 \
        -o "$TMP/www/$name.html" -w '%{http_code}' "$url")" || die "fetching $url failed"
    [[ "$status" = 200 ]] || die "$url answered HTTP $status, expected 200"
    [[ -s "$TMP/www/$name.html" ]] || die "$url returned an empty body"
    chmod 0644 "$TMP/www/$name.html"
    # Precompressed copy, so nginx serves gzip from disk (gzip_static) the way fahrplan serves
    # it from its cache, instead of compressing every response again.
    gzip -k -6 -n -f "$TMP/www/$name.html"
done

# --- start nginx ---------------------------------------------------------------
# text/html is always compressed when gzip is on; listing it in gzip_types
# again only makes nginx warn about a duplicate MIME type.
cat >"$TMP/nginx.conf" <<EOF
worker_processes auto;
error_log $TMP/nginx-error.log warn;
pid $TMP/nginx.pid;

events {
    worker_connections 1024;
}

http {
    access_log off;
    default_type text/html;
    sendfile on;
    gzip on;
    gzip_static on;
    gzip_comp_level 6;
    etag on;

    client_body_temp_path $TMP/nginx-tmp/body;
    proxy_temp_path $TMP/nginx-tmp/proxy;
    fastcgi_temp_path $TMP/nginx-tmp/fastcgi;
    uwsgi_temp_path $TMP/nginx-tmp/uwsgi;
    scgi_temp_path $TMP/nginx-tmp/scgi;

    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $TMP/www;
        location / {
        }
    }
}
EOF

"$NGINX" -t -q -e "$TMP/nginx-error.log" -c "$TMP/nginx.conf" -p "$TMP" >"$TMP/nginx-test.log" 2>&1 \
    || { cat "$TMP/nginx-test.log" >&2; die "nginx rejected $TMP/nginx.conf"; }
log "starting nginx on 127.0.0.1:$NGINX_PORT"
"$NGINX" -e "$TMP/nginx-error.log" -c "$TMP/nginx.conf" -p "$TMP" -g 'daemon off;' \
    >"$TMP/nginx.log" 2>&1 &
NGINX_PID=$!

wait_ready "$NGINX_PID" "http://127.0.0.1:$NGINX_PORT/start.html" "$NGINX_TIMEOUT" nginx
for name in "${NAMES[@]}"; do
    "${CURL[@]}" -f -o /dev/null --max-time 5 "http://127.0.0.1:$NGINX_PORT/$name.html" \
        || die "nginx does not serve /$name.html"
done

# --- run wrk -------------------------------------------------------------------
to_ms() {
    # to_ms 1.23ms|456.78us|1.05s|1.00m -> milliseconds
    awk -v v="$1" 'BEGIN {
        if (match(v, /^[0-9.]+/) == 0) { exit 1 }
        n = substr(v, 1, RLENGTH); u = substr(v, RLENGTH + 1)
        if (u == "us") f = 0.001
        else if (u == "ms") f = 1
        else if (u == "s") f = 1000
        else if (u == "m") f = 60000
        else if (u == "h") f = 3600000
        else exit 1
        printf "%.2f", n * f
    }'
}

declare -A RPS P99
NOTES=()
FAILED=0

run_wrk() {
    # run_wrk KEY URL: warm-up, measured run, parse results into RPS/P99.
    local key="$1" url="$2" out rps p99 non2xx errors
    log "wrk $key: warm-up ${WARMUP}s"
    wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${WARMUP}s" -H 'Accept-Encoding: gzip' "$url" \
        >/dev/null 2>&1 || die "wrk warm-up failed for $url"
    log "wrk $key: ${DURATION}s"
    out="$(wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${DURATION}s" --latency \
        -H 'Accept-Encoding: gzip' "$url" 2>&1)" || { echo "$out" >&2; die "wrk failed for $url"; }
    echo "$out" >"$TMP/wrk-$key.txt"
    rps="$(awk '/^Requests\/sec:/ { print $2; exit }' <<<"$out")"
    p99="$(awk '$1 == "99%" { print $2; exit }' <<<"$out")"
    [[ -n "$rps" ]] || { echo "$out" >&2; die "no Requests/sec in wrk output for $url"; }
    [[ -n "$p99" ]] || { echo "$out" >&2; die "no 99% latency in wrk output for $url"; }
    RPS[$key]="$(awk -v r="$rps" 'BEGIN { printf "%.0f", r }')"
    P99[$key]="$(to_ms "$p99")" || die "cannot parse latency '$p99' from wrk for $url"
    non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $NF; exit }' <<<"$out")"
    errors="$(awk '/Socket errors:/ { sub(/^ *Socket errors: */, ""); print; exit }' <<<"$out")"
    if [[ -n "$non2xx" ]]; then
        NOTES+=("$key: $non2xx non-2xx/3xx responses (result invalid)")
        FAILED=1
    fi
    if [[ -n "$errors" ]]; then
        NOTES+=("$key: socket errors: $errors")
    fi
}

LOADAVG_BEFORE="$(cat /proc/loadavg)"
for name in "${NAMES[@]}"; do
    run_wrk "fahrplan-$name" "http://127.0.0.1:$PORT${PAGE_PATH[$name]}"
    run_wrk "nginx-$name" "http://127.0.0.1:$NGINX_PORT/$name.html"
done
LOADAVG_AFTER="$(cat /proc/loadavg)"

# --- report --------------------------------------------------------------------
WRK_VERSION="$(wrk -v 2>&1 | head -n 1 | sed 's/ *Copyright.*//' || true)"
NGINX_VERSION="$("$NGINX" -v 2>&1 | head -n 1 | sed 's/^nginx version: //' || true)"
mkdir -p "$REPO_ROOT/bench/out"
REPORT="$REPO_ROOT/bench/out/load-$(date +%Y%m%d-%H%M%S).md"

{
    echo "# fahrplan load benchmark, $(date '+%Y-%m-%d %H:%M:%S %z')"
    echo
    echo "- fahrplan binary: \`$BIN\`"
    echo "- nproc: $(nproc)"
    echo "- load average at start: $LOADAVG_START"
    echo "- load average before measuring: $LOADAVG_BEFORE"
    echo "- load average after measuring: $LOADAVG_AFTER"
    echo "- wrk: $WRK_VERSION (-t$WRK_THREADS -c$WRK_CONNECTIONS -d${DURATION}s, ${WARMUP}s warm-up, Accept-Encoding: gzip)"
    echo "- nginx: $NGINX_VERSION (static copies of the same pages, precompressed with gzip -6, gzip_static on)"
    echo
    echo "| page | fahrplan req/s | fahrplan p99 ms | nginx req/s | nginx p99 ms | ratio |"
    echo "|---|---:|---:|---:|---:|---:|"
    for name in "${NAMES[@]}"; do
        f="${RPS[fahrplan-$name]}"
        n="${RPS[nginx-$name]}"
        ratio="$(awk -v f="$f" -v n="$n" 'BEGIN { if (n > 0) printf "%.1f %%", 100 * f / n; else print "n/a" }')"
        echo "| $name \`${PAGE_PATH[$name]}\` | $f | ${P99[fahrplan-$name]} | $n | ${P99[nginx-$name]} | $ratio |"
    done
    if [[ ${#NOTES[@]} -gt 0 ]]; then
        echo
        echo "Notes:"
        for note in "${NOTES[@]}"; do
            echo "- $note"
        done
    fi
} | tee "$REPORT"

log "report written to $REPORT"
[[ "$FAILED" -eq 0 ]] || die "some runs got non-2xx/3xx responses, see the notes above"
