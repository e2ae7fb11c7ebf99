#!/usr/bin/env bash
# The portal's publication list and search pages at a large size, against /healthz of the same
# server in the same run (issue 5 item 9; issue 16; docs/benchmarks.md "Portal", "Portal at a million").
#
# Usage: scripts/bench/portal.sh DATA_DIR [SECONDS] [CONNECTIONS]
#   DATA_DIR filled by `lawtrail bench publications --data-dir DATA_DIR --count N`; with DATABASE_URL
#   set, the server uses that PostgreSQL database (filled the same way, with the same DATABASE_URL).
# Environment: LAWTRAIL_BIN (default .build-release/release/lawtrail), PORT (8191), WARMUP seconds
#   per page (5), Q and Q_BROAD (full-text words), PARTY (counterparty name), USCC (credit code; default: the
#   first one on the penalty-decision list).
#   STAFF_USER and STAFF_PASSWORD (an account that may draft publications, e.g. made with
#   `lawtrail user add --role legal-section`): also measure the signed-in publicity desk, its list
#   /staff/publications and the page of the newest publication, with that session's cookie, at
#   STAFF_CONNECTIONS (4: a desk has a few users) with a 10 s timeout; goal p99 <= GOAL_DESK_P99
#   (50 ms, issue 16).
#   RESULTS=FILE: also append one tab-separated line per page (label, req/s, p50 ms, p99 ms, ratio).
#   GOAL_RATIO (0.50) and GOAL_P99 (25 ms): issue 16's goal per public page.
# The server's memory is sampled from /proc/PID/status while the pages are measured: the highest
# VmRSS seen, and VmHWM (the kernel's peak) at the end (issue 16: RSS <= 256 MiB).
set -euo pipefail
DATA_DIR=$1
DURATION=${2:-20}
CONNECTIONS=${3:-64}
THREADS=2
BIN=${LAWTRAIL_BIN:-.build-release/release/lawtrail}
PORT=${PORT:-8191}
WARMUP=${WARMUP:-5}
Q=${Q:-可燃气体报警}
Q_BROAD=${Q_BROAD:-液化石油气}
PARTY=${PARTY:-恒盛化工}
BASE="http://127.0.0.1:$PORT"
LOG=${LOG:-/tmp/lawtrail-portal-bench-$PORT.log}

urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

"$BIN" serve --data-dir "$DATA_DIR" --port "$PORT" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; kill ${SAMPLER:-} 2>/dev/null || true' EXIT
GOAL_RATIO=${GOAL_RATIO:-0.50}
GOAL_P99=${GOAL_P99:-25}
for _ in $(seq 1 150); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.2; done
curl -sf "$BASE/healthz"; echo

if [ -z "${USCC:-}" ]; then
  USCC=$(curl -sf "$BASE/publications?kind=penalty-decision" | grep -oE '91310[0-9]{3}[0-9A-Z]{10}' | head -1 || true)
fi

# The detail page of the newest publication.
DETAIL_PAGE=$(curl -sf "$BASE/publications" | grep -oE 'href="/publications/[0-9a-f-]{36}"' | head -1 | sed -E 's/href="([^"]+)"/\1/')

PAGES=(
  "/healthz"
  "/publications"
  "/publications?kind=penalty-decision&page=50"
  "/publications?q=$(urlencode "$Q")"
  "/publications?q=$(urlencode "$Q_BROAD")"
  "/publications?party=$(urlencode "$PARTY")"
  "/publications?party=$USCC"
  "$DETAIL_PAGE"
  "/healthz"
)
LABELS=(
  "/healthz (reference, first)"
  "list, page 1"
  "penalty decisions, page 50"
  "full text q=$Q"
  "full text q=$Q_BROAD"
  "counterparty name party=$PARTY"
  "credit code party=$USCC"
  "detail page (newest item)"
  "/healthz (reference, last)"
)

# Each page must answer 200 with results before it is measured.
LAST=$(( ${#PAGES[@]} - 1 ))
for path in "${PAGES[@]:1:LAST-1}"; do
  body=$(curl -sf "$BASE$path")
  rows=$(grep -c 'href="/publications/\|data-publication=' <<<"$body" || true)
  echo "check $path: $rows rows"
  [ "$rows" -gt 0 ] || { echo "no results for $path" >&2; exit 1; }
done

# The signed-in publicity desk: sign in once (the form's double-submit CSRF token, then the session
# cookie), and measure its pages before the last /healthz run with that cookie sent by wrk.
declare -a HEADERS CONNS OPTS
for i in "${!PAGES[@]}"; do HEADERS[$i]=""; CONNS[$i]=$CONNECTIONS; OPTS[$i]=""; done
if [ -n "${STAFF_USER:-}" ]; then
  JAR=$(mktemp)
  csrf=$(curl -sf -c "$JAR" -b "$JAR" "$BASE/staff/sign-in" | grep -oE 'name="csrf" value="[^"]+"' | sed -E 's/.*value="([^"]+)"/\1/')
  curl -sf -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "csrf=$csrf" --data-urlencode "username=$STAFF_USER" \
    --data-urlencode "password=$STAFF_PASSWORD" --data-urlencode "next=/staff/publications" "$BASE/staff/sign-in"
  SESSION=$(awk '$6 == "lawtrail_session" { print $7 }' "$JAR")
  rm -f "$JAR"
  [ -n "$SESSION" ] || { echo "sign-in as $STAFF_USER failed" >&2; exit 1; }
  COOKIE="Cookie: lawtrail_session=$SESSION"
  body=$(curl -sf -H "$COOKIE" "$BASE/staff/publications")
  rows=$(grep -oE 'href="/staff/publications/[0-9a-f-]{36}"' <<<"$body" | wc -l)
  echo "check /staff/publications (signed in as $STAFF_USER): $rows rows"
  [ "$rows" -gt 0 ] || { echo "no rows on /staff/publications" >&2; exit 1; }
  DETAIL=$(grep -oE 'href="/staff/publications/[0-9a-f-]{36}"' <<<"$body" | head -1 | sed -E 's/href="([^"]+)"/\1/')
  curl -sf -o /dev/null -H "$COOKIE" "$BASE$DETAIL" || { echo "no page at $DETAIL" >&2; exit 1; }
  echo "check $DETAIL (signed in): 200"
  STAFF_CONNECTIONS=${STAFF_CONNECTIONS:-4}
  PAGES=("${PAGES[@]:0:LAST}" "/staff/publications" "/staff/publications?state=published&page=50" "$DETAIL" "/healthz")
  LABELS=("${LABELS[@]:0:LAST}" "staff desk list ($STAFF_CONNECTIONS conn.)" "staff desk, published tab, page 50 ($STAFF_CONNECTIONS conn.)"
          "staff desk, one item ($STAFF_CONNECTIONS conn.)" "/healthz (reference, last)")
  HEADERS=("${HEADERS[@]:0:LAST}" "$COOKIE" "$COOKIE" "$COOKIE" "")
  CONNS=("${CONNS[@]:0:LAST}" "$STAFF_CONNECTIONS" "$STAFF_CONNECTIONS" "$STAFF_CONNECTIONS" "$CONNECTIONS")
  OPTS=("${OPTS[@]:0:LAST}" "--timeout 10s" "--timeout 10s" "--timeout 10s" "")
  LAST=$(( ${#PAGES[@]} - 1 ))
fi

# A slow page leaves requests queued in the server when wrk stops; let them finish before the next
# run, so that no run pays for the one before it.
drain() {
  for _ in $(seq 1 120); do
    t=$(curl -s -o /dev/null -w '%{time_total}' "$BASE/healthz")
    awk -v t="$t" 'BEGIN { exit !(t < 0.02) }' && break
    sleep 0.5
  done
  sleep 1
}

# The server's publicity job (expiry sweep, then hand-over to the channels) first runs 10 s after
# start and then every 10 minutes; measure after its first run, so the figures are the pages' own.
# It logs only when it handed something over; with nothing pending (a fill whose steps were marked
# delivered by `lawtrail bench channel-job --mark-delivered`) it takes milliseconds and logs nothing,
# so the wait ends at JOB_WAIT seconds (default 30) or at its log lines, whichever comes first.
if [ "${WAIT_FOR_JOB:-1}" = 1 ]; then
  waited=0
  until [ "$(grep -c 'channel .*handed over' "$LOG" || true)" -ge 3 ] || [ $waited -ge "${JOB_WAIT:-30}" ]; do sleep 1; waited=$((waited + 1)); done
  echo "publicity job: waited ${waited}s after the checks (it starts 10 s after the server); its log: $(grep -c 'channel .*handed over\|publicity:' "$LOG" || true) lines"
fi

# Warm-up: every page once under load.
for i in "${!PAGES[@]}"; do
  drain
  wrk -t"$THREADS" -c"${CONNS[$i]}" -d"${WARMUP}s" ${OPTS[$i]} ${HEADERS[$i]:+-H "${HEADERS[$i]}"} "$BASE${PAGES[$i]}" >/dev/null
done

to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; printf "%.2f", v }' <<<"$1"; }

# Memory: the highest VmRSS sampled every 0.2 s during the measured runs.
RSS_FILE=$(mktemp)
( peak=0; while kill -0 "$SERVER" 2>/dev/null; do
    rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$SERVER/status" 2>/dev/null || echo 0)
    [ "${rss:-0}" -gt "$peak" ] && { peak=$rss; echo "$peak" >"$RSS_FILE"; }
    sleep 0.2
  done ) &
SAMPLER=$!

declare -a RPS P50 P99 ERR
for i in "${!PAGES[@]}"; do
  drain
  out=$(wrk -t"$THREADS" -c"${CONNS[$i]}" -d"${DURATION}s" --latency ${OPTS[$i]} ${HEADERS[$i]:+-H "${HEADERS[$i]}"} "$BASE${PAGES[$i]}")
  RPS[$i]=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
  P50[$i]=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  P99[$i]=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  ERR[$i]=$(awk '/Non-2xx|Socket errors/ { $1 = $1; printf "%s; ", $0 }' <<<"$out")
done
REF=$(awk -v a="${RPS[0]}" -v b="${RPS[$LAST]}" 'BEGIN { printf "%.0f", (a + b) / 2 }')
HWM=$(awk '/^VmHWM/ { print $2 }' "/proc/$SERVER/status")
kill "$SAMPLER" 2>/dev/null || true
RSS_PEAK=$(cat "$RSS_FILE"); rm -f "$RSS_FILE"

echo
echo "database: $(curl -sf "$BASE/healthz" | grep -oE '"database":"[a-z]+"'), $CONNECTIONS connections, ${DURATION}s each, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-40s %10s %9s %9s %7s %s\n' page req/s p50_ms p99_ms ratio goal
for i in "${!PAGES[@]}"; do
  ratio=$(awk -v r="${RPS[$i]}" -v ref="$REF" 'BEGIN { printf "%.2f", r / ref }')
  goal=$(awk -v r="$ratio" -v p="${P99[$i]}" -v gr="$GOAL_RATIO" -v gp="$GOAL_P99" 'BEGIN { print (r >= gr && p <= gp) ? "met" : "MISSED" }')
  if [ -n "${HEADERS[$i]}" ]; then
    goal=$(awk -v p="${P99[$i]}" -v gp="${GOAL_DESK_P99:-50}" 'BEGIN { print (p <= gp) ? "met (p99)" : "MISSED (p99)" }')
  fi
  if [ "$i" = 0 ] || [ "$i" = "$LAST" ]; then goal="-"; fi
  printf '%-40s %10s %9s %9s %7s %s %s\n' "${LABELS[$i]}" "${RPS[$i]}" "${P50[$i]}" "${P99[$i]}" "$ratio" "$goal" "${ERR[$i]}"
  if [ -n "${RESULTS:-}" ]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "${LABELS[$i]}" "${RPS[$i]}" "${P50[$i]}" "${P99[$i]}" "$ratio" "${ERR[$i]}" >>"$RESULTS"
  fi
done
echo "reference: mean of the two /healthz runs = $REF req/s; goal: ratio >= $GOAL_RATIO and p99 <= $GOAL_P99 ms"
echo "server memory: highest VmRSS sampled $((RSS_PEAK / 1024)) MiB, VmHWM $((HWM / 1024)) MiB (goal <= 256 MiB)"
if [ -n "${RESULTS:-}" ]; then printf 'server RSS MiB (sampled max / VmHWM)\t%s\t%s\n' "$((RSS_PEAK / 1024))" "$((HWM / 1024))" >>"$RESULTS"; fi
