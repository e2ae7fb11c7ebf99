#!/usr/bin/env bash
# Inclusion proofs over HTTP at a large tree size, against /healthz in the same run (issue 3).
# Usage: scripts/bench/ledger-http.sh DATA_DIR [SECONDS] [CONNECTIONS]
# DATA_DIR must hold a ledger filled by `lawtrail bench ledger --fill-only --data-dir DATA_DIR`.
set -euo pipefail
DATA_DIR=$1
SECONDS_TO_RUN=${2:-15}
CONNECTIONS=${3:-16}
THREADS=$(( CONNECTIONS < 2 ? 1 : 2 ))
BIN=${LAWTRAIL_BIN:-.build-release/release/lawtrail}
PORT=${PORT:-8181}

"$BIN" serve --data-dir "$DATA_DIR" --port "$PORT" >/tmp/lawtrail-bench-serve.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
SIZE=$(curl -sf "http://127.0.0.1:$PORT/ledger/checkpoint" | sed -n 2p)
echo "tree size: $SIZE"

echo "== /healthz (reference)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" --latency "http://127.0.0.1:$PORT/healthz" | grep -E "Requests/sec|99%|50%"
echo "== /ledger/proof/inclusion at size $SIZE"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" --latency -s scripts/bench/inclusion.lua "http://127.0.0.1:$PORT" -- "$SIZE" | grep -E "Requests/sec|99%|50%|Non-2xx"
