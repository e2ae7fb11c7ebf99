#!/usr/bin/env bash
# The crash campaign of issue 17 item 4 (docs/reliability.md "The crash campaign"): N runs, each
# starting `lawtrail serve` on the same data directory, checking everything the load client was
# told before (scripts/crash_client.py check), running `lawtrail verify`, then driving a concurrent
# mixed load (resumable uploads, documents, publication steps by two people, retrievals,
# checkpoints) and killing the server with SIGKILL at a random moment. After the last run the
# server is started once more and everything acknowledged in the whole campaign is checked.
#
# Usage: scripts/crash-campaign.sh N sqlite|postgres
# Env:   LAWTRAIL_BIN (default .build/debug/lawtrail), PORT (default 18190 sqlite, 18191 postgres),
#        WORK (default a new /var/tmp/lawtrail-crash-<db>.XXXXXX; kept, so a campaign may be
#        continued with the same WORK), KILL_MIN_MS/KILL_MAX_MS (the kill comes at a random moment
#        this long after the load's first journal lines; default 0/5000), PG_ADMIN_URL (default postgres://postgres@127.0.0.1:54330/postgres;
#        a database crash_<basename of WORK> is created there), KEEP=1 keeps WORK on success.
# Output: one line per run; a summary line "campaign: ..."; exit 1 on the first finding.
set -euo pipefail
trap 'echo "$0: failed at line $LINENO" >&2' ERR

RUNS=${1:?usage: crash-campaign.sh N sqlite|postgres}
DBKIND=${2:?usage: crash-campaign.sh N sqlite|postgres}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/load-accounts.sh"
BIN=${LAWTRAIL_BIN:-.build/debug/lawtrail}
case "$DBKIND" in
    sqlite) PORT=${PORT:-18190} ;;
    postgres) PORT=${PORT:-18191} ;;
    *) echo "DB must be sqlite or postgres" >&2; exit 2 ;;
esac
KILL_MIN_MS=${KILL_MIN_MS:-0}
KILL_MAX_MS=${KILL_MAX_MS:-5000}
BASE="http://127.0.0.1:$PORT"
NEW_WORK=0
if [ -z "${WORK:-}" ]; then WORK=$(mktemp -d "/var/tmp/lawtrail-crash-$DBKIND.XXXXXX"); NEW_WORK=1; fi
DATA="$WORK/data"
JOURNAL="$WORK/client"
LOG="$WORK/server.log"
mkdir -p "$JOURNAL"
SERVER=""
CLIENT=""

if [ "$DBKIND" = postgres ]; then
    PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:54330/postgres}
    PG_DB="crash_$(basename "$WORK" | tr -c 'a-zA-Z0-9\n' '_' | tr 'A-Z' 'a-z')"
    export DATABASE_URL="${PG_ADMIN_URL%/*}/$PG_DB"
    if [ "$NEW_WORK" = 1 ] || [ ! -f "$WORK/pg-created" ]; then
        psql "$PG_ADMIN_URL" -qtA -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB" > /dev/null
        touch "$WORK/pg-created"
    fi
fi

cleanup() {
    [ -n "$CLIENT" ] && kill "$CLIENT" 2>/dev/null || true
    [ -n "$SERVER" ] && kill -KILL "$SERVER" 2>/dev/null || true
    wait 2>/dev/null || true
    if [ "${KEEP:-0}" != 1 ] && [ "${PASSED:-0}" = 1 ]; then
        rm -rf "$WORK"
        [ "$DBKIND" = postgres ] && psql "$PG_ADMIN_URL" -qtA -c "DROP DATABASE IF EXISTS $PG_DB" > /dev/null 2>&1 || true
    fi
}
trap cleanup EXIT
fail() { echo "FAIL (run $RUN): $*" >&2; tail -30 "$LOG" >&2; echo "work directory kept: $WORK" >&2; exit 1; }

sql() {
    if [ "$DBKIND" = postgres ]; then psql "$DATABASE_URL" -qtA -c "$1"; else sqlite3 "$DATA/lawtrail.sqlite" "$1"; fi
}

start_server() {
    echo "--- start (run $RUN) $(date -u +%T)" >> "$LOG"
    "$BIN" serve --demo --port "$PORT" --data-dir "$DATA" >> "$LOG" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 600); do
        curl -sf "$BASE/healthz" > /dev/null 2>&1 && return
        kill -0 "$SERVER" 2>/dev/null || fail "server stopped while starting"
        sleep 0.1
    done
    fail "server did not start within 60 s"
}

RUN=0
STARTED=$SECONDS
if [ ! -f "$JOURNAL/state.json" ]; then
    start_server
    load_accounts crash
    python3 "$HERE/crash_client.py" setup "$BASE" "$JOURNAL" >> "$WORK/client.log"
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
fi

KILLS=0
VERIFIED=0
ACKS=0
for RUN in $(seq 1 "$RUNS"); do
    run_started=$SECONDS
    start_server
    # The client's check and `lawtrail verify` (both only read) side by side, to save time.
    "$BIN" verify --data-dir "$DATA" > "$WORK/verify.out" 2>&1 &
    VERIFY=$!
    python3 "$HERE/crash_client.py" check "$BASE" "$JOURNAL" > "$WORK/check.out" 2>&1 || { cat "$WORK/check.out"; fail "check after the restart"; }
    cat "$WORK/check.out" >> "$WORK/client.log"
    checked=$(grep '^check:' "$WORK/check.out")
    wait "$VERIFY" || { cat "$WORK/verify.out"; fail "lawtrail verify"; }
    grep -q 'extra' "$WORK/verify.out" && { cat "$WORK/verify.out"; fail "lawtrail verify reports an extra blob"; }
    VERIFIED=$((VERIFIED + 1))
    ACKS=$(sed -n 's/.*acknowledged-writes-total=\([0-9]*\).*/\1/p' "$WORK/check.out")
    # The load, and SIGKILL at a random moment in it.
    python3 "$HERE/crash_client.py" load "$BASE" "$JOURNAL" --seconds 60 > "$WORK/load.out" 2>&1 &
    CLIENT=$!
    # The random moment counts from when the load is under way (its first journal lines: signing
    # in and resuming take a while on a busy machine), so that every kill lands in the load.
    journal_lines() { if [ -f "$JOURNAL/journal.jsonl" ]; then wc -l < "$JOURNAL/journal.jsonl"; else echo 0; fi; }
    lines_before=$(journal_lines)
    for _ in $(seq 1 300); do
        [ "$(journal_lines)" -gt $((lines_before + 2)) ] && break
        kill -0 "$CLIENT" 2>/dev/null || break
        sleep 0.1
    done
    delay=$(( KILL_MIN_MS + ( (RANDOM << 15 | RANDOM) % (KILL_MAX_MS - KILL_MIN_MS + 1) ) ))
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    kill -KILL "$SERVER"
    wait "$SERVER" 2>/dev/null || true
    SERVER=""
    KILLS=$((KILLS + 1))
    load_status=0
    wait "$CLIENT" || load_status=$?
    CLIENT=""
    cat "$WORK/load.out" >> "$WORK/client.log"
    [ "$load_status" = 0 ] || { cat "$WORK/load.out"; fail "the load client failed before the kill"; }
    echo "run $RUN/$RUNS: killed after ${delay} ms; $(grep '^load:' "$WORK/load.out" | cut -c7-) | $checked | $((SECONDS - run_started)) s"
done

RUN=final
start_server
python3 "$HERE/crash_client.py" check "$BASE" "$JOURNAL" --full > "$WORK/check.out" 2>&1 || { cat "$WORK/check.out"; fail "final full check"; }
cat "$WORK/check.out" >> "$WORK/client.log"
final=$(grep '^check:' "$WORK/check.out")
"$BIN" verify --data-dir "$DATA" > "$WORK/verify.out" 2>&1 || { cat "$WORK/verify.out"; fail "lawtrail verify"; }
grep -q 'extra' "$WORK/verify.out" && { cat "$WORK/verify.out"; fail "lawtrail verify reports an extra blob"; }
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
echo "final: $final"
echo "verify: $(grep -E '^(records|publications|ledger)' "$WORK/verify.out" | tr '\n' ' ')"
ACKS=$(sed -n 's/.*acknowledged-writes-total=\([0-9]*\).*/\1/p' "$WORK/check.out")
echo "campaign: $DBKIND, $RUNS runs, $KILLS SIGKILLs, $((VERIFIED + 1)) clean verify runs, $ACKS acknowledged writes in the journal, all checked at the end, 0 lost; $((SECONDS - STARTED)) s (bin $BIN)"
PASSED=1
