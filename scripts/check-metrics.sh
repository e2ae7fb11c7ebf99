#!/usr/bin/env bash
# issue 16: start the real server with the demo set, make some requests, scrape /metrics and parse
# it with prometheus_client (PyPI). usage: BIN=.build/debug/lawtrail bash scripts/check-metrics.sh
set -euo pipefail
BIN=${BIN:-.build/debug/lawtrail}
work=$(mktemp -d /tmp/lawtrail-metrics.XXXXXX)
server=""
finish() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap finish EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check prometheus_client
port=$("$work/venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN" serve --demo --port "$port" --data-dir "$work/data" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; echo "the server stopped before /healthz answered"; exit 1; }
    sleep 0.2
done
for _ in 1 2 3 4 5; do curl -fsS "http://127.0.0.1:$port/healthz" > /dev/null; done
for _ in 1 2 3; do curl -s -o /dev/null "http://127.0.0.1:$port/publications/$(python3 -c 'import uuid; print(uuid.uuid4())')"; done
curl -s -o /dev/null "http://127.0.0.1:$port/no-such-page"
curl -fsS "http://127.0.0.1:$port/metrics" -o "$work/metrics.txt"
"$work/venv/bin/python" scripts/check-metrics.py "$work/metrics.txt"
