#!/usr/bin/env bash
# Runs scripts/browser-test.py against a fresh demo server (issue 6 item 9). Needs a built
# `lawtrail` (BIN), chromium, chromium-driver and python3-selenium (installed by .ci/run).
# Usage: scripts/browser-test.sh [OUTPUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/debug/lawtrail}
OUT=${1:-$(mktemp -d)/screenshots}
PORT=${PORT:-8187}
DATA=$(mktemp -d)
LOG="$DATA/server.log"
"$BIN" serve --demo --data-dir "$DATA" --port "$PORT" > "$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
    curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && break
    sleep 1
done
/usr/bin/python3 scripts/browser-test.py "http://127.0.0.1:$PORT" "$LOG" "$OUT"
echo "screenshots in $OUT"
