#!/usr/bin/env bash
# Fuzzes the JSON API contract and the public pages with schemathesis (issue 12, fuzzing campaign).
#
# Starts `lawtrail serve --demo` from a built binary on a fresh data directory and a free port,
# signs in every demo account (one per role) through POST /api/v1/sessions, then runs schemathesis
# over the served /api/v1/openapi.yaml: once with, for each operation, the token of a role allowed
# to take it (all phases), then once per role and once without a token (random input only), and
# over scripts/schemathesis/public-pages.yaml (the portal, open data, feed, ledger and health
# routes, which the API document does not describe). Checks: no 5xx, and every answer's status,
# media type, headers and body as documented. Exits non-zero on any failure or error. Bounded:
# about 4 minutes on 2 cores with the defaults, the virtualenv's install included (docs/security-testing.md).
#
# Usage: BIN=.build/debug/lawtrail scripts/schemathesis.sh [OUTPUT_DIR]
# Environment: BIN (the built binary), MAX_EXAMPLES (default 8) and PHASES (default
# examples,coverage,fuzzing) for the allowed-role and public-pages runs, ROLE_EXAMPLES (5) and
# ROLE_PHASES (fuzzing) for the per-role runs, SEED (default fixed, for a reproducible run;
# "random" for a new one), WORKERS (1), CHECKS, ROLES (space-separated demo user names and
# "anonymous"; default all), VENV (an existing virtualenv with schemathesis, else one is made in
# the output directory). Needs python3 (venv), curl and jq.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${BIN:-.build/debug/lawtrail}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
ST_VERSION=4.32.5
MAX_EXAMPLES=${MAX_EXAMPLES:-8}
WORKERS=${WORKERS:-1}
PHASES=${PHASES:-examples,coverage,fuzzing}
ROLE_PHASES=${ROLE_PHASES:-fuzzing}
ROLE_EXAMPLES=${ROLE_EXAMPLES:-5}
SEED=${SEED:-20261206}
OUT=${1:-$(mktemp -d /tmp/lawtrail-schemathesis.XXXXXX)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
CHECKS=${CHECKS:-not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance}

VENV=${VENV:-$OUT/venv}
if ! "$VENV/bin/st" --version 2>/dev/null | grep -q "$ST_VERSION"; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$ST_VERSION"
fi
"$VENV/bin/st" --version

DATA="$OUT/data"
PORT=$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
"$BIN" serve --demo --port "$PORT" --data-dir "$DATA" > "$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
    curl -fsS "$BASE/healthz" > /dev/null 2>&1 && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$OUT/server.log"; echo "the server stopped before /healthz answered"; exit 1; }
    sleep 0.2
done
curl -fsS "$BASE/healthz" > /dev/null

# The demo prints one line per account: "  demo-<role>  <password>  <Chinese role name>".
declare -A TOKENS
while read -r user password _; do
    token=$(curl -fsS -X POST "$BASE/api/v1/sessions" -H 'Content-Type: application/json' \
        -d "$(jq -nc --arg u "$user" --arg p "$password" '{username: $u, password: $p}')" | jq -r .token)
    [ -n "$token" ] && [ "$token" != null ] || { echo "no token for $user"; exit 1; }
    TOKENS[$user]=$token
done < <(grep -E '^  demo-[a-z0-9-]+ +[^ ]+ ' "$OUT/server.log")
[ "${#TOKENS[@]}" -ge 9 ] || { echo "expected a demo account per role, found ${#TOKENS[@]}"; cat "$OUT/server.log"; exit 1; }
ROLES=${ROLES:-anonymous $(printf '%s\n' "${!TOKENS[@]}" | sort | tr '\n' ' ')}

export SCHEMATHESIS_HOOKS=hooks
export PYTHONPATH="$ROOT/scripts/schemathesis${PYTHONPATH:+:$PYTHONPATH}"
export LAWTRAIL_ST_DB="$DATA/lawtrail.sqlite"
seed_args=()
[ "$SEED" = random ] || seed_args=(--seed "$SEED")

# st run LOCATION NAME [extra args...]: one run, its output in $OUT/NAME.txt and its reports in
# $OUT/NAME/. Prints the run's closing figures.
failed=()
run() {
    local location=$1 name=$2
    shift 2
    local started=$SECONDS status=0
    # From the output directory: schemathesis keeps its replay cache (.schemathesis/) in the cwd.
    (cd "$OUT" && "$VENV/bin/st" run "$location" --checks "$CHECKS" --max-examples "$MAX_EXAMPLES" --phases "$PHASES" --workers "$WORKERS" \
        "${seed_args[@]}" --generation-database none --request-timeout 30 --no-color \
        --report junit,ndjson --report-dir "$OUT/$name" "$@") > "$OUT/$name.txt" 2>&1 || status=$?
    local cases
    cases=$(grep -E '^  [0-9]+ generated' "$OUT/$name.txt" | sed 's/^ *//' || true)
    printf '%-34s %4ss  exit %s  %s\n' "$name" $((SECONDS - started)) "$status" "${cases:-no test cases}"
    if [ "$status" -ne 0 ]; then
        failed+=("$name")
        sed -n '/^=* FAILURES =*$/,/^=* SUMMARY =*$/p; /^=* ERRORS =*$/,/^=* SUMMARY =*$/p' "$OUT/$name.txt" | head -150
    fi
}

echo "schemathesis $ST_VERSION against $BASE, seed $SEED"
# 1. Every operation as a role allowed to take it (hooks.py picks the token by x-lawtrail-action),
#    all phases: the handlers themselves get the boundary values and the random input.
for role in "${!TOKENS[@]}"; do jq -n --arg r "$role" --arg t "${TOKENS[$role]}" '{($r): $t}'; done | jq -s add > "$OUT/tokens.json"
LAWTRAIL_ST_TOKENS="$OUT/tokens.json" run "$BASE/api/v1/openapi.yaml" "api-allowed"
# 2. Every operation as each role and without a token: the refusals (401, 403) and what each role
#    may see, in the documented shapes. Random input only, fewer cases: the refusal comes first.
for role in $ROLES; do
    if [ "$role" = anonymous ]; then
        PHASES=$ROLE_PHASES MAX_EXAMPLES=$ROLE_EXAMPLES run "$BASE/api/v1/openapi.yaml" "api-anonymous"
    else
        PHASES=$ROLE_PHASES MAX_EXAMPLES=$ROLE_EXAMPLES run "$BASE/api/v1/openapi.yaml" "api-$role" -H "Authorization: Bearer ${TOKENS[$role]}"
    fi
done
# 3. The public pages, all phases.
run "$ROOT/scripts/schemathesis/public-pages.yaml" "public-pages" --url "$BASE"

kill -0 "$SERVER" 2>/dev/null || { echo "the server died during the run"; tail -50 "$OUT/server.log"; exit 1; }
if grep -qiE 'fatal error|\[ CRITICAL \]' "$OUT/server.log"; then
    echo "the server logged a fatal error:"; grep -iE -B2 -A10 'fatal error|\[ CRITICAL \]' "$OUT/server.log" | head -60; exit 1
fi
echo "reports and logs in $OUT"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "schemathesis found failures in: ${failed[*]}"
    exit 1
fi
echo "schemathesis: no failures"
