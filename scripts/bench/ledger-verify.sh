#!/usr/bin/env bash
# Full ledger verification at a million entries against raw SHA-256 of the same leaves (issue 16).
# Usage: scripts/bench/ledger-verify.sh DATA_DIR [ENTRIES] [CHUNK_LEVEL ...]
# Fills DATA_DIR's ledger to ENTRIES (default 1,000,000) once, then runs the audit with each chunk
# level given (default 14; 0 = the row-by-row path), each run printing its own same-run reference
# (swift-crypto SHA-256 over the same leaf bytes in memory, single-threaded) and the ratio.
# For PostgreSQL set DATABASE_URL as for the server. Records `uptime` before each run.
# VERIFY_ARGS: more options for `lawtrail bench ledger` (e.g. `--parallel-chunks 6`, `--aggregate-order`).
set -euo pipefail
DATA_DIR=$1
ENTRIES=${2:-1000000}
shift $(( $# >= 2 ? 2 : $# ))
LEVELS=("$@")
[ ${#LEVELS[@]} -eq 0 ] && LEVELS=(14)
BIN=${LAWTRAIL_BIN:-.build-release/release/lawtrail}

"$BIN" bench ledger --data-dir "$DATA_DIR" --fill-only --verify-entries "$ENTRIES"
for level in "${LEVELS[@]}"; do
    echo "== chunk level $level; load: $(uptime | sed 's/.*load average/load average/')"
    "$BIN" bench ledger --data-dir "$DATA_DIR" --verify-only --verify-entries "$ENTRIES" --chunk-level "$level" ${VERIFY_ARGS:-} \
        2>&1 | grep -E "^verify|^database"
done
