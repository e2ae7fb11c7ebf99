#!/usr/bin/env bash
# Two LawTrail servers on one PostgreSQL behind nginx (issue 17 item 2; docs/operations.md "Two or
# more servers", figures in docs/reliability.md "Two servers, one PostgreSQL"):
#
#   1. starts PostgreSQL (a temp cluster, `runuser -u postgres`, 127.0.0.1), moto in server mode with
#      a bucket with Object Lock (blobs on "S3"), and two `lawtrail serve` processes on different
#      ports with the same DATABASE_URL, blob store and data directory (the shared volume: keys,
#      tmp/uploads, calendar), every periodic job at a short test period (LAWTRAIL_TEST_JOB_SECONDS);
#   2. puts Debian's nginx in front: a round-robin entrance, and one entrance pinned to each server
#      (so that a step can be sent to "the other" server on purpose); uploads streamed through
#      (`proxy_request_buffering off`), large bodies and long timeouts allowed;
#   3. drives a concurrent load through nginx for SECONDS (scripts/cluster-load.py: resumable
#      uploads created on one server and continued on the other, publication steps by two people,
#      retrievals, ledger reads; a token and a cookie used across servers; every checkpoint seen
#      proved consistent with the final tree; acknowledged ledger indexes unique);
#   4. checks that each periodic job ran at most once per period across both servers (their logs
#      and `job_runs`), and that both servers ran some; then `lawtrail verify` (ledger, records
#      against S3, publications) is clean.
#
# Usage: scripts/cluster.sh [SECONDS] [WORKERS]     (default 60 s, 6 workers)
# Env:   LAWTRAIL_BIN (.build/debug/lawtrail), BASE_PORT (18300: nginx 18300–18302, servers
#        18303/18304, moto 18305, PostgreSQL 18306), VENV (a venv with moto[server] and boto3 to reuse),
#        JOB_SECONDS (5), KEEP=1 (keep the work directory), NGINX (nginx binary)
set -euo pipefail
trap 'echo "$0: failed at line $LINENO" >&2' ERR
cd "$(dirname "$0")/.."

SECONDS_OF_LOAD=${1:-60}
WORKERS=${2:-6}
BIN=$(realpath "${LAWTRAIL_BIN:-.build/debug/lawtrail}")
BASE_PORT=${BASE_PORT:-18300}
ENTRY_PORT=$BASE_PORT
A_ENTRY_PORT=$((BASE_PORT + 1))
B_ENTRY_PORT=$((BASE_PORT + 2))
A_PORT=$((BASE_PORT + 3))
B_PORT=$((BASE_PORT + 4))
MOTO_PORT=$((BASE_PORT + 5))
PG_PORT=$((BASE_PORT + 6))
JOB_SECONDS=${JOB_SECONDS:-5}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
WORK=$(mktemp -d /var/tmp/lawtrail-cluster.XXXXXX)
chmod 755 "$WORK"
DATA="$WORK/data"
BUCKET=lawtrail-cluster
PIDS=()
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PG_DIR="$WORK/pg"

cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop > /dev/null 2>&1 || true
    wait 2>/dev/null || true
    if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*" >&2
    for log in a b; do [ -f "$WORK/server-$log.log" ] && { echo "--- server $log" >&2; tail -15 "$WORK/server-$log.log" >&2; }; done
    exit 1
}
wait_http() {  # URL PID NAME
    for _ in $(seq 1 600); do
        curl -sf -o /dev/null "$1" && return 0
        [ -z "$2" ] || kill -0 "$2" 2>/dev/null || fail "$3 stopped while starting"
        sleep 0.2
    done
    fail "$3 did not answer at $1"
}

echo "== PostgreSQL on 127.0.0.1:$PG_PORT"
mkdir -p "$PG_DIR" && chown postgres:postgres "$PG_DIR"
runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" --auth=trust --encoding=UTF8 --locale=C.UTF-8 -U postgres > /dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR -c max_connections=300" start > /dev/null
psql_db() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
psql_db -d postgres -c "CREATE DATABASE lawtrail_cluster"
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/lawtrail_cluster"

echo "== moto (S3 with Object Lock) on 127.0.0.1:$MOTO_PORT"
VENV=${VENV:-$WORK/venv}
if [ ! -x "$VENV/bin/moto_server" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check 'moto[server]' boto3
fi
"$VENV/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT" > "$WORK/moto.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$MOTO_PORT/" && break; sleep 0.2; done
export AWS_ACCESS_KEY_ID=lawtrail-test AWS_SECRET_ACCESS_KEY=lawtrail-test-secret AWS_DEFAULT_REGION=us-east-1
S3_ENDPOINT="http://127.0.0.1:$MOTO_PORT" BUCKET=$BUCKET "$VENV/bin/python" -c '
import os, boto3
s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT"])
s3.create_bucket(Bucket=os.environ["BUCKET"], ObjectLockEnabledForBucket=True)
assert s3.get_object_lock_configuration(Bucket=os.environ["BUCKET"])["ObjectLockConfiguration"]["ObjectLockEnabled"] == "Enabled"'
export LAWTRAIL_BLOB_STORE="s3://$BUCKET/evidence" LAWTRAIL_S3_ENDPOINT="http://127.0.0.1:$MOTO_PORT" LAWTRAIL_S3_REGION=us-east-1
export LAWTRAIL_S3_ACCESS_KEY_ID="$AWS_ACCESS_KEY_ID" LAWTRAIL_S3_SECRET_ACCESS_KEY="$AWS_SECRET_ACCESS_KEY"
export LAWTRAIL_TRUSTED_PROXIES=127.0.0.1 LAWTRAIL_TEST_JOB_SECONDS="$JOB_SECONDS" LOG_LEVEL=info

echo "== two servers (:$A_PORT, :$B_PORT) on one database and one data directory"
# The first server migrates the database, creates the keys and loads the demo set; the second starts
# once it answers (docs/operations.md: run `lawtrail migrate` before starting more than one).
"$BIN" serve --demo --port "$A_PORT" --data-dir "$DATA" > "$WORK/server-a.log" 2>&1 &
A_PID=$!; PIDS+=($A_PID)
wait_http "http://127.0.0.1:$A_PORT/healthz" "$A_PID" "server A"
"$BIN" serve --port "$B_PORT" --data-dir "$DATA" > "$WORK/server-b.log" 2>&1 &
B_PID=$!; PIDS+=($B_PID)
wait_http "http://127.0.0.1:$B_PORT/healthz" "$B_PID" "server B"

echo "== nginx on :$ENTRY_PORT (round robin), :$A_ENTRY_PORT (A), :$B_ENTRY_PORT (B)"
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx.conf" <<NGINX
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log $WORK/nginx-access.log;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    upstream lawtrail { server 127.0.0.1:$A_PORT; server 127.0.0.1:$B_PORT; keepalive 32; }
    upstream lawtrail_a { server 127.0.0.1:$A_PORT; keepalive 8; }
    upstream lawtrail_b { server 127.0.0.1:$B_PORT; keepalive 8; }
    # What every entrance does: stream bodies through (resumable uploads' PATCH), allow 4 GiB and
    # slow phones, tell the server who the client is, name the server that answered.
    server {
        listen 127.0.0.1:$ENTRY_PORT;
        include $WORK/nginx-proxy.conf;
        location / { proxy_pass http://lawtrail; }
    }
    server {
        listen 127.0.0.1:$A_ENTRY_PORT;
        include $WORK/nginx-proxy.conf;
        location / { proxy_pass http://lawtrail_a; }
    }
    server {
        listen 127.0.0.1:$B_ENTRY_PORT;
        include $WORK/nginx-proxy.conf;
        location / { proxy_pass http://lawtrail_b; }
    }
}
NGINX
cat > "$WORK/nginx-proxy.conf" <<'NGINX'
client_max_body_size 4g;
client_body_timeout 300s;
proxy_request_buffering off;
proxy_buffering off;
proxy_http_version 1.1;
proxy_set_header Connection "";
proxy_set_header Host $http_host;
proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
proxy_set_header X-Forwarded-Proto $scheme;
proxy_connect_timeout 5s;
proxy_send_timeout 300s;
proxy_read_timeout 300s;
proxy_next_upstream error timeout;
proxy_next_upstream_tries 2;
add_header X-LawTrail-Upstream $upstream_addr always;
NGINX
"$NGINX" -t -c "$WORK/nginx.conf" -p "$WORK/nginx" > /dev/null 2>&1 || { "$NGINX" -t -c "$WORK/nginx.conf" -p "$WORK/nginx"; fail "nginx configuration"; }
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK/nginx"
for port in "$ENTRY_PORT" "$A_ENTRY_PORT" "$B_ENTRY_PORT"; do wait_http "http://127.0.0.1:$port/healthz" "" "nginx :$port"; done

echo "== accounts and an activity"
add_user() {  # NAME ROLE → password on stdout
    local password="password-$1-$$"
    echo "$password" | "$BIN" user add --username "$1" --role "$2" --password-stdin --data-dir "$DATA" > /dev/null
    echo "$password"
}
OFFICER_PW=$(add_user cluster-officer officer)
LEADER_PW=$(add_user cluster-drafter legal-section)
LEGAL_PW=$(add_user cluster-legal legal-section)
TOKEN=$(curl -sf "http://127.0.0.1:$ENTRY_PORT/api/v1/sessions" -H 'Content-Type: application/json' \
    -d "{\"username\":\"cluster-officer\",\"password\":\"$OFFICER_PW\"}" | jq -r .token)
AUTH="Authorization: Bearer $TOKEN"
UNIT=$(psql_db -d lawtrail_cluster -c "SELECT id FROM units WHERE kind = 'enforcement-brigade'")
OFFICERS=$(psql_db -d lawtrail_cluster -c "SELECT id FROM officers WHERE unit_id = (SELECT id FROM units WHERE kind = 'enforcement-brigade') ORDER BY name LIMIT 2" | jq -R . | jq -sc .)
ALL_OFFICERS=$(psql_db -d lawtrail_cluster -c "SELECT id FROM officers" | jq -R . | jq -sc .)
COUNTERPARTY=$(curl -sf "http://127.0.0.1:$ENTRY_PORT/api/v1/counterparties" -H "$AUTH" | jq -r '.items[0].id')
CASE=$(curl -sf "http://127.0.0.1:$ENTRY_PORT/api/v1/cases" -H "$AUTH" -H 'Content-Type: application/json' -d "{
    \"number\":\"普应急检〔2026〕$$号\",\"title\":\"集群负载测试\",\"kind\":\"inspection\",
    \"counterpartyId\":\"$COUNTERPARTY\",\"unitId\":\"$UNIT\",\"openedOn\":\"2026-03-02\"}" | jq -r .id)
ACTIVITY=$(curl -sf "http://127.0.0.1:$ENTRY_PORT/api/v1/activities" -H "$AUTH" -H 'Content-Type: application/json' -d "{
    \"caseId\":\"$CASE\",\"kind\":\"inspection\",\"procedure\":\"general\",
    \"site\":{\"address\":\"上海市普陀区真北路1888号\",\"highRisk\":false},\"isOnSite\":true,
    \"officerIds\":$OFFICERS,\"startedAt\":\"2026-03-02T02:30:00Z\",\"endedAt\":\"2026-03-02T03:30:00Z\"}" | jq -r .id)
[ -n "$ACTIVITY" ] && [ "$ACTIVITY" != null ] || fail "could not create an activity"
jq -n --arg op "$OFFICER_PW" --arg lp "$LEADER_PW" --arg gp "$LEGAL_PW" --arg activity "$ACTIVITY" --argjson officers "$ALL_OFFICERS" '{
    officer: {username: "cluster-officer", password: $op}, leader: {username: "cluster-drafter", password: $lp},
    legal: {username: "cluster-legal", password: $gp}, activity: $activity, officers: $officers}' > "$WORK/users.json"

echo "== load: $SECONDS_OF_LOAD s, $WORKERS workers, through nginx ($(uptime | sed 's/.*load/load/'))"
LOAD_STARTED=$SECONDS
python3 scripts/cluster-load.py "http://127.0.0.1:$ENTRY_PORT" "http://127.0.0.1:$A_ENTRY_PORT" "http://127.0.0.1:$B_ENTRY_PORT" \
    "$WORK/users.json" "$SECONDS_OF_LOAD" "$WORKERS" "$WORK/load.json" || fail "the load client found failures (above)"
# Let every job have a few periods with both servers up (the short load alone may not see the slow
# starters), then stop both and read what ran.
while [ $((SECONDS - LOAD_STARTED)) -lt $((JOB_SECONDS * 6)) ]; do sleep 1; done
kill -0 "$A_PID" 2>/dev/null || fail "server A died"
kill -0 "$B_PID" 2>/dev/null || fail "server B died"
kill "$A_PID" "$B_PID"; wait "$A_PID" "$B_PID" 2>/dev/null || true

echo "== periodic jobs: at most once per period across both servers"
python3 - "$WORK/server-a.log" "$WORK/server-b.log" "$JOB_SECONDS" <<'PY' > "$WORK/jobs.txt" || { cat "$WORK/jobs.txt"; fail "a job ran twice in one period"; }
import collections, re, sys
runs = collections.defaultdict(list)
for server, path in (("A", sys.argv[1]), ("B", sys.argv[2])):
    for line in open(path, errors="replace"):
        match = re.search(r"\] ([a-z-]+): running for period (\d+) on ", line) or re.search(r" ([a-z-]+): running for period (\d+) on ", line)
        if match:
            runs[(match.group(1), int(match.group(2)))].append(server)
twice = {key: servers for key, servers in runs.items() if len(servers) > 1}
jobs = collections.defaultdict(lambda: collections.Counter())
for (job, _), servers in runs.items():
    jobs[job].update(servers)
for job, counter in sorted(jobs.items()):
    print(f"{job}: {sum(counter.values())} periods run (A {counter['A']}, B {counter['B']})")
expected = {"publicity", "certificate-ends", "duties", "calendar", "disposal-listing", "uploads", "fixity"}
missing = expected - set(jobs)
by_server = collections.Counter(server for servers in runs.values() for server in servers)
print(f"runs by server: A {by_server['A']}, B {by_server['B']}; ran twice in one period: {len(twice)}")
if twice:
    print("TWICE:", twice)
if missing:
    print("never ran:", sorted(missing))
sys.exit(1 if twice or missing or not by_server["A"] or not by_server["B"] else 0)
PY
cat "$WORK/jobs.txt"
LOGGED=$(cat "$WORK/server-a.log" "$WORK/server-b.log" | grep -c ": running for period ")
CLAIMS=$(psql_db -d lawtrail_cluster -c "SELECT count(*) FROM job_runs")
[ "$LOGGED" = "$CLAIMS" ] || fail "job_runs has $CLAIMS claims, the logs $LOGGED runs"
echo "job_runs: $CLAIMS claims, one per logged run"

echo "== lawtrail verify (ledger, records and blobs on S3, publications)"
"$BIN" verify --data-dir "$DATA" > "$WORK/verify.txt" 2>&1 || { tail -30 "$WORK/verify.txt"; fail "lawtrail verify"; }
grep -E "^(ledger|records|publications)" "$WORK/verify.txt" || tail -5 "$WORK/verify.txt"
# A job cut short by the SIGTERM above ("periodic run failed: shutdown") is the stop, not a fault.
if grep -iE "error|fatal|critical" "$WORK/server-a.log" "$WORK/server-b.log" | grep -qv "periodic run failed: shutdown"; then
    grep -iE "error|fatal|critical" "$WORK/server-a.log" "$WORK/server-b.log" | grep -v "periodic run failed: shutdown" | head -10
    fail "the servers logged errors"
fi
jq -c '{seconds, uploads, uploadBytes, crossServerPatches, publications, retrievals, checkpointsSeen, consistencyProofsVerified, finalTreeSize, upstreams}' "$WORK/load.json"
echo PASS
