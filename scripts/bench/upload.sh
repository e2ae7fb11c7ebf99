#!/usr/bin/env bash
# Media intake benchmark (issue 4 item 10; docs/benchmarks.md "Media intake").
#
# In one run, on the same file:
#   1. the reference: `cat FILE | tee COPY | openssl dgst -sha256` plus `sync` — the machine's
#      hash-and-write limit;
#   2. one PATCH of the whole file to a release-built server over loopback (curl), timed from the
#      first byte sent to the 204 that names the record (hash, write, fsync, rename, record, ledger);
#   3. a resumed upload: half in one PATCH, HEAD, then the rest from the reported offset;
# and the server's peak memory growth during each upload (VmRSS sampled every 10 ms, and VmHWM).
#
# Usage: scripts/bench/upload.sh [SIZE_MIB]        (default 1024)
# Env:   LAWTRAIL_BIN (default .build-release/release/lawtrail), PORT (default 18181),
#        WORK (default: a fresh directory under /var/tmp; removed at the end unless KEEP=1).
set -euo pipefail
trap 'echo "$0: failed at line $LINENO" >&2' ERR

SIZE_MIB=${1:-1024}
BIN=${LAWTRAIL_BIN:-.build-release/release/lawtrail}
PORT=${PORT:-18181}
BASE="http://127.0.0.1:$PORT"
WORK=${WORK:-$(mktemp -d /var/tmp/lawtrail-bench-upload.XXXXXX)}
DATA="$WORK/data"
FILE="$WORK/input.mp4"
SIZE=$((SIZE_MIB * 1024 * 1024))
SERVER=""

cleanup() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

now() { date +%s.%N; }
seconds() { echo "$2 - $1" | bc -l; }
kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$SERVER/status"; }

# --- The file: an MP4 `ftyp` header (so the magic-byte check passes), then random bytes ---------
printf '\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41' > "$FILE"
head -c $((SIZE - 32)) /dev/urandom >> "$FILE"
cat "$FILE" > /dev/null   # both contenders read it from the page cache
sync

# --- 1. Reference pipeline --------------------------------------------------------------------
t0=$(now)
DIGEST=$(cat "$FILE" | tee "$WORK/copy" | openssl dgst -sha256 -r | cut -d' ' -f1)
tp=$(now)
sync
t1=$(now)
REF_S=$(seconds "$t0" "$t1")
REF_PIPE_S=$(seconds "$t0" "$tp")
rm -f "$WORK/copy"
sync

# --- Server with an officer and an activity ---------------------------------------------------
"$BIN" serve --demo --port "$PORT" --data-dir "$DATA" > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "$BASE/healthz" > /dev/null && break; sleep 0.2; done
echo "bench-password-$$" | "$BIN" user add --username bench-officer --role officer --password-stdin --data-dir "$DATA" > /dev/null
TOKEN=$(curl -sf "$BASE/api/v1/sessions" -H 'Content-Type: application/json' \
    -d "{\"username\":\"bench-officer\",\"password\":\"bench-password-$$\"}" | jq -r .token)
AUTH="Authorization: Bearer $TOKEN"
DB="$DATA/lawtrail.sqlite"
UNIT=$(sqlite3 "$DB" "SELECT lower(id) FROM units WHERE kind = 'enforcement-brigade'")
OFFICERS=$(sqlite3 "$DB" "SELECT lower(id) FROM officers WHERE unit_id = (SELECT id FROM units WHERE kind = 'enforcement-brigade') ORDER BY name LIMIT 2" \
    | jq -R . | jq -sc .)
COUNTERPARTY=$(curl -sf "$BASE/api/v1/counterparties" -H "$AUTH" | jq -r '.items[0].id')
CASE=$(curl -sf "$BASE/api/v1/cases" -H "$AUTH" -H 'Content-Type: application/json' -d "{
    \"number\":\"普应急检〔2026〕$$号\",\"title\":\"基准测试\",\"kind\":\"inspection\",
    \"counterpartyId\":\"$COUNTERPARTY\",\"unitId\":\"$UNIT\",\"openedOn\":\"2026-03-02\"}" | jq -r .id)
ACTIVITY=$(curl -sf "$BASE/api/v1/activities" -H "$AUTH" -H 'Content-Type: application/json' -d "{
    \"caseId\":\"$CASE\",\"kind\":\"inspection\",\"procedure\":\"general\",
    \"site\":{\"address\":\"上海市普陀区真北路1888号\",\"highRisk\":false},\"isOnSite\":true,
    \"officerIds\":$OFFICERS,\"startedAt\":\"2026-03-02T02:30:00Z\",\"endedAt\":\"2026-03-02T03:30:00Z\"}" | jq -r .id)
[ -n "$ACTIVITY" ] && [ "$ACTIVITY" != null ] || { echo "could not create an activity" >&2; exit 1; }

create_upload() {
    curl -sf "$BASE/api/v1/uploads" -H "$AUTH" -H 'Content-Type: application/json' -d "{
        \"length\":$SIZE,\"sha256\":\"$DIGEST\",\"mimeType\":\"video/mp4\",\"form\":\"media\",\"activityId\":\"$ACTIVITY\"}" \
        | jq -r .id
}

# Samples VmRSS (KiB) every 10 ms until killed; prints the maximum.
sample_rss() {
    local peak=0 rss
    trap 'echo $peak; exit 0' TERM
    while rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$SERVER/status" 2>/dev/null) && [ -n "$rss" ]; do
        [ "$rss" -gt "$peak" ] && peak=$rss
        sleep 0.01
    done
    echo $peak
}

# PATCH bytes from stdin at OFFSET with LENGTH, streamed (curl's `--data-binary @-` would read it
# all into memory first; `Transfer-Encoding:` stops chunking); prints "http_code bytes_sent".
patch() {
    curl -s -o /dev/null -X PATCH "$BASE/api/v1/uploads/$1" -H "$AUTH" -H 'Expect:' \
        -H "Upload-Offset: $2" -H "Content-Length: $3" -H 'Transfer-Encoding:' \
        -H 'Content-Type: application/offset+octet-stream' -T - -w '%{http_code} %{size_upload}' -D "$WORK/headers"
}

measure() {   # name, then the commands to time
    local name=$1; shift
    local rss0 hwm0 sampler t0 t1
    rss0=$(kib VmRSS); hwm0=$(kib VmHWM)
    sample_rss > "$WORK/peak" & sampler=$!
    t0=$(now)
    "$@"
    t1=$(now)
    kill -TERM "$sampler"; wait "$sampler" || true
    local peak hwm1
    peak=$(cat "$WORK/peak"); hwm1=$(kib VmHWM)
    local secs; secs=$(seconds "$t0" "$t1")
    printf '%-22s %7.2f s  %7.0f MiB/s  ratio %.2f  peak RSS growth %5.1f MiB (VmHWM +%.1f MiB)\n' \
        "$name" "$secs" "$(echo "$SIZE / 1048576 / $secs" | bc -l)" "$(echo "$REF_S / $secs" | bc -l)" \
        "$(echo "($peak - $rss0) / 1024" | bc -l)" "$(echo "($hwm1 - $hwm0) / 1024" | bc -l)"
}

check_complete() {
    local id=$1
    local status; status=$(curl -sf "$BASE/api/v1/uploads/$id" -H "$AUTH")
    [ "$(echo "$status" | jq -r .complete)" = true ] || { echo "upload $id not complete: $status" >&2; exit 1; }
    [ "$(echo "$status" | jq -r .sha256)" = "$DIGEST" ] || { echo "digest differs: $status" >&2; exit 1; }
    local blob="$DATA/blobs/sha256/${DIGEST:0:2}/${DIGEST:2}"
    [ "$(stat -c %a "$blob")" = 444 ] || { echo "blob not read-only" >&2; exit 1; }
}

one_patch() {
    local result; result=$(patch "$ONE" 0 "$SIZE" < "$FILE")
    [ "${result%% *}" = 204 ] || { echo "PATCH answered $result" >&2; exit 1; }
    SENT_ONE=${result##* }
}

resumed() {
    local half=$((SIZE / 2)) first second offset
    # dd with large blocks: coreutils head and tail copy through 8 KiB buffers, slower than the server.
    first=$(dd if="$FILE" bs=4M iflag=count_bytes count="$half" status=none | patch "$TWO" 0 "$half")
    offset=$(curl -sfI "$BASE/api/v1/uploads/$TWO" -H "$AUTH" | tr -d '\r' | awk -F': ' 'tolower($1) == "upload-offset" { print $2 }')
    second=$(dd if="$FILE" bs=4M iflag=skip_bytes skip="$offset" status=none | patch "$TWO" "$offset" $((SIZE - offset)))
    [ "${second%% *}" = 204 ] || { echo "second PATCH answered $second" >&2; exit 1; }
    SENT_TWO="${first##* } + ${second##* } (HEAD offset $offset)"
}

echo "file: $SIZE bytes ($SIZE_MIB MiB), sha256 $DIGEST; $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s %7.2f s  %7.0f MiB/s   (pipeline %.2f s + sync %.2f s)\n' "reference" "$REF_S" \
    "$(echo "$SIZE / 1048576 / $REF_S" | bc -l)" "$REF_PIPE_S" "$(echo "$REF_S - $REF_PIPE_S" | bc -l)"
ONE=$(create_upload)
measure "upload, one PATCH" one_patch
check_complete "$ONE"
echo "  bytes sent: $SENT_ONE"
sync
# The same bytes again: the blob exists already, so the last step drops the partial file
# instead of renaming it (content addressing); everything before it is the same work.
TWO=$(create_upload)
measure "upload, half + rest" resumed
check_complete "$TWO"
echo "  bytes sent: $SENT_TWO = $SIZE expected"
