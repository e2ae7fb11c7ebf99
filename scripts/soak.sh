#!/usr/bin/env bash
# The soak of issue 17 item 4 (docs/reliability.md "The soak"): a steady mixed load (the crash
# campaign's client, scripts/crash_client.py, paced: resumable uploads, documents, publication
# steps by two people, retrievals with read-back, checkpoints) for SECONDS against one
# `lawtrail serve`, sampling the server's resident memory (VmRSS in /proc/PID/status) and open file
# descriptors (/proc/PID/fd) every 10 s. Fails on:
#   * any request error (non-2xx answer, connection error: the client runs with --strict);
#   * RSS growth: the largest RSS of the last quarter of the run more than RSS_GROWTH_MIB (default
#     64) above the largest RSS seen in the warm-up (the first WARMUP_SECONDS, default 60, or the
#     first tenth of the run if longer);
#   * open descriptors: more than FD_GROWTH (default 16) above the largest count of the warm-up,
#     at any sample;
#   * the client's full check afterwards (every acknowledged write there, the ledger consistent
#     with every checkpoint seen) or `lawtrail verify` finding anything.
#
# Usage: scripts/soak.sh SECONDS
# Env:   LAWTRAIL_BIN (default .build/debug/lawtrail), PORT (default 18195), RATE (requests per
#        second per worker, default 4; five workers), DATABASE_URL (PostgreSQL; default SQLite),
#        WORK (default a new /var/tmp/lawtrail-soak.XXXXXX), KEEP=1 keeps it.
# Output: the samples (seconds, RSS KiB, fds) in $WORK/samples.csv and a summary line.
set -euo pipefail
trap 'echo "$0: failed at line $LINENO" >&2' ERR

SECONDS_TOTAL=${1:?usage: soak.sh SECONDS}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/load-accounts.sh"
BIN=${LAWTRAIL_BIN:-.build/debug/lawtrail}
PORT=${PORT:-18195}
RATE=${RATE:-4}
RSS_GROWTH_MIB=${RSS_GROWTH_MIB:-64}
FD_GROWTH=${FD_GROWTH:-16}
WARMUP_SECONDS=${WARMUP_SECONDS:-60}
[ $((SECONDS_TOTAL / 10)) -gt "$WARMUP_SECONDS" ] && WARMUP_SECONDS=$((SECONDS_TOTAL / 10))
BASE="http://127.0.0.1:$PORT"
WORK=${WORK:-$(mktemp -d /var/tmp/lawtrail-soak.XXXXXX)}
DATA="$WORK/data"
JOURNAL="$WORK/client"
LOG="$WORK/server.log"
mkdir -p "$JOURNAL"
SERVER=""
CLIENT=""
cleanup() {
    [ -n "$CLIENT" ] && kill "$CLIENT" 2>/dev/null || true
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
    wait 2>/dev/null || true
    [ "${KEEP:-0}" = 1 ] || [ "${PASSED:-0}" != 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; tail -20 "$LOG" >&2; echo "work directory kept: $WORK" >&2; exit 1; }

"$BIN" serve --demo --port "$PORT" --data-dir "$DATA" >> "$LOG" 2>&1 &
SERVER=$!
for _ in $(seq 1 600); do
    curl -sf "$BASE/healthz" > /dev/null 2>&1 && break
    kill -0 "$SERVER" 2>/dev/null || fail "server stopped while starting"
    sleep 0.1
done
curl -sf "$BASE/healthz" > /dev/null || fail "server did not start"

sql() { if [ -n "${DATABASE_URL:-}" ]; then psql "$DATABASE_URL" -qtA -c "$1"; else sqlite3 "$DATA/lawtrail.sqlite" "$1"; fi; }
load_accounts soak
python3 "$HERE/crash_client.py" setup "$BASE" "$JOURNAL" > "$WORK/client.log"

python3 "$HERE/crash_client.py" load "$BASE" "$JOURNAL" --seconds "$SECONDS_TOTAL" --rate "$RATE" --strict > "$WORK/load.out" 2>&1 &
CLIENT=$!
echo "seconds,rss_kib,fds" > "$WORK/samples.csv"
started=$SECONDS
while kill -0 "$CLIENT" 2>/dev/null; do
    kill -0 "$SERVER" 2>/dev/null || fail "the server died during the soak"
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER/status")
    fds=$(ls "/proc/$SERVER/fd" | wc -l)
    echo "$((SECONDS - started)),$rss,$fds" >> "$WORK/samples.csv"
    for _ in $(seq 1 10); do kill -0 "$CLIENT" 2>/dev/null || break; sleep 1; done
done
load_status=0
wait "$CLIENT" || load_status=$?
CLIENT=""
cat "$WORK/load.out"
[ "$load_status" = 0 ] || fail "request errors during the soak: $(cat "$WORK/load.out")"

python3 "$HERE/crash_client.py" check "$BASE" "$JOURNAL" --full > "$WORK/check.out" 2>&1 || { cat "$WORK/check.out"; fail "check after the soak"; }
cat "$WORK/check.out"
"$BIN" verify --data-dir "$DATA" > "$WORK/verify.out" 2>&1 || { cat "$WORK/verify.out"; fail "lawtrail verify"; }

# The bounds.
python3 - "$WORK/samples.csv" "$WARMUP_SECONDS" "$SECONDS_TOTAL" "$RSS_GROWTH_MIB" "$FD_GROWTH" <<'EOF'
import csv, sys
path, warmup, total, rss_growth, fd_growth = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rows = [(int(r["seconds"]), int(r["rss_kib"]), int(r["fds"])) for r in csv.DictReader(open(path))]
warm = [r for r in rows if r[0] <= warmup] or rows[:1]
last = [r for r in rows if r[0] >= total * 3 // 4] or rows[-1:]
rss_warm = max(r[1] for r in warm) / 1024
rss_last = max(r[1] for r in last) / 1024
fd_warm = max(r[2] for r in warm)
fd_max = max(r[2] for r in rows)
print(f"soak: {len(rows)} samples over {rows[-1][0]} s; RSS warm-up max {rss_warm:.1f} MiB, min {min(r[1] for r in rows)/1024:.1f}, "
      f"max {max(r[1] for r in rows)/1024:.1f}, last-quarter max {rss_last:.1f} MiB (growth {rss_last - rss_warm:+.1f} MiB, bound {rss_growth}); "
      f"fds warm-up max {fd_warm}, max {fd_max} (bound +{fd_growth})")
bad = []
if rss_last - rss_warm > rss_growth:
    bad.append(f"RSS grew {rss_last - rss_warm:.1f} MiB after the warm-up (bound {rss_growth} MiB)")
if fd_max - fd_warm > fd_growth:
    bad.append(f"open descriptors grew from {fd_warm} to {fd_max} (bound +{fd_growth})")
for b in bad:
    print("FAIL: " + b)
sys.exit(1 if bad else 0)
EOF
echo "verify: $(grep -E '^(records|publications|ledger)' "$WORK/verify.out" | tr '\n' ' ')"
echo "soak: PASS (bin $BIN, rate $RATE/s per worker, samples in $WORK/samples.csv)"
PASSED=1
