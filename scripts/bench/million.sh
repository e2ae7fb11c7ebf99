#!/usr/bin/env bash
# Every row of issue 16's goal table on one database, one after the other (docs/benchmarks.md
# "At a million, every row"): fills DATA_DIR to COUNT publications (only the missing ones), times
# the channel hand-over job when nothing is pending, measures every portal page, the detail page,
# the server's memory and the staff desk (scripts/bench/portal.sh), then the full ledger audit
# against raw SHA-256 (scripts/bench/ledger-verify.sh, on its own ledger of LEDGER_ENTRIES).
#
# Usage: scripts/bench/million.sh DATA_DIR LEDGER_DIR [COUNT]
#   With DATABASE_URL set, DATA_DIR's database is that PostgreSQL database, and LEDGER_DATABASE_URL
#   (required then) is the ledger benchmark's.
# Environment: LAWTRAIL_BIN (default .build-release/release/lawtrail), SECONDS_PER_PAGE (20),
#   LEDGER_ENTRIES (1000000), RESULTS (default DATA_DIR/../million-<time>.tsv): the portal's figures.
# Each step prints the machine's load first: ratios are same-run, but p99 needs a quiet machine.
set -euo pipefail
DATA_DIR=$1
LEDGER_DIR=$2
COUNT=${3:-1000000}
HERE=$(cd "$(dirname "$0")" && pwd)
export LAWTRAIL_BIN=${LAWTRAIL_BIN:-.build-release/release/lawtrail}
RESULTS=${RESULTS:-$(dirname "$DATA_DIR")/million-$(date -u +%Y%m%dT%H%M%S).tsv}
load() { echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"; }

echo "== fill to $COUNT publications; $(load)"
"$LAWTRAIL_BIN" bench publications --data-dir "$DATA_DIR" --count "$COUNT"

echo "== channel hand-over job, nothing pending; $(load)"
"$LAWTRAIL_BIN" bench channel-job --data-dir "$DATA_DIR" --mark-delivered --runs 20

echo "== portal pages, memory and the staff desk; $(load)"
STAFF_USER=${STAFF_USER:-deskbench}
STAFF_PASSWORD=${STAFF_PASSWORD:-Bench-desk-2026!}
# The desk's account: made once (a second `user add` of the same name is refused, which is fine).
echo "$STAFF_PASSWORD" | "$LAWTRAIL_BIN" user add --username "$STAFF_USER" --role legal-section \
    --password-stdin --data-dir "$DATA_DIR" >/dev/null 2>&1 || true
STAFF_USER=$STAFF_USER STAFF_PASSWORD=$STAFF_PASSWORD RESULTS=$RESULTS \
    bash "$HERE/portal.sh" "$DATA_DIR" "${SECONDS_PER_PAGE:-20}"
echo "portal figures: $RESULTS"

echo "== full ledger audit at ${LEDGER_ENTRIES:-1000000} entries; $(load)"
if [ -n "${DATABASE_URL:-}" ]; then
    DATABASE_URL=${LEDGER_DATABASE_URL:?LEDGER_DATABASE_URL: the ledger benchmark needs its own database} \
        bash "$HERE/ledger-verify.sh" "$LEDGER_DIR" "${LEDGER_ENTRIES:-1000000}" 14 12
else
    bash "$HERE/ledger-verify.sh" "$LEDGER_DIR" "${LEDGER_ENTRIES:-1000000}" 14 12
fi
