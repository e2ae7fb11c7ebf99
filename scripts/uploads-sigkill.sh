#!/usr/bin/env bash
# An upload killed halfway (issue 4 "Done when"; docs/uploads.md "What happens on disk"):
# the server is SIGKILLed in the middle of a PATCH. Checks that no record and no blob exist,
# that the next start removes stray partial files from tmp/uploads/ but keeps the resumable one,
# and that the upload then resumes from HEAD's offset to the right SHA-256.
#
# Usage: scripts/uploads-sigkill.sh [SIZE_MIB]      (default 256)
# Env:   LAWTRAIL_BIN (default .build-release/release/lawtrail), PORT (default 18182)
set -euo pipefail
trap 'echo "$0: failed at line $LINENO" >&2' ERR

SIZE_MIB=${1:-256}
BIN=${LAWTRAIL_BIN:-.build-release/release/lawtrail}
PORT=${PORT:-18182}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d /var/tmp/lawtrail-sigkill.XXXXXX)
DATA="$WORK/data"
FILE="$WORK/input.mp4"
SIZE=$((SIZE_MIB * 1024 * 1024))
SERVER=""
CLIENT=""

cleanup() {
    [ -n "$CLIENT" ] && kill "$CLIENT" 2>/dev/null || true
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

start_server() {
    "$BIN" serve --demo --port "$PORT" --data-dir "$DATA" >> "$WORK/server.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 100); do curl -sf "$BASE/healthz" > /dev/null && return; sleep 0.2; done
    fail "server did not start"
}

printf '\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41' > "$FILE"
head -c $((SIZE - 32)) /dev/urandom >> "$FILE"
DIGEST=$(openssl dgst -sha256 -r "$FILE" | cut -d' ' -f1)

start_server
source "$(dirname "$0")/lib/demo-activity.sh"
demo_activity kill-officer 中断测试
DB="$DATA/lawtrail.sqlite"
# The demo stores blobs of its own (issue 14: an inspection video kept as evidence); count from here.
BLOBS_BEFORE=$(find "$DATA/blobs" -type f 2>/dev/null | wc -l)
UPLOAD=$(curl -sf "$BASE/api/v1/uploads" -H "$AUTH" -H 'Content-Type: application/json' -d "{
    \"length\":$SIZE,\"sha256\":\"$DIGEST\",\"mimeType\":\"video/mp4\",\"form\":\"media\",\"activityId\":\"$ACTIVITY\"}" | jq -r .id)
[ -n "$UPLOAD" ] && [ "$UPLOAD" != null ] || fail "could not create the upload"
PARTIAL="$DATA/tmp/uploads/$UPLOAD.part"

# A slow PATCH of the whole file, and SIGKILL in its middle.
curl -s -o /dev/null -X PATCH "$BASE/api/v1/uploads/$UPLOAD" -H "$AUTH" -H 'Expect:' -H 'Upload-Offset: 0' \
    -H 'Content-Type: application/offset+octet-stream' --limit-rate 64M -T "$FILE" &
CLIENT=$!
for _ in $(seq 1 100); do
    [ -f "$PARTIAL" ] && [ "$(stat -c %s "$PARTIAL")" -gt $((SIZE / 4)) ] && break
    sleep 0.05
done
kill -KILL "$SERVER"
wait "$SERVER" 2>/dev/null || true
SERVER=""
wait "$CLIENT" 2>/dev/null || true
CLIENT=""

KEPT=$(stat -c %s "$PARTIAL")
[ "$KEPT" -gt 0 ] && [ "$KEPT" -lt "$SIZE" ] || fail "partial file has $KEPT bytes"
RECORDS=$(sqlite3 "$DB" "SELECT count(*) FROM records WHERE lower(upload_id) = '$UPLOAD'")
[ "$RECORDS" = 0 ] || fail "a record exists for the killed upload"
BLOBS=$(( $(find "$DATA/blobs" -type f | wc -l) - BLOBS_BEFORE ))
[ "$BLOBS" = 0 ] || fail "$BLOBS new blob(s) visible after the kill"
echo "killed mid-PATCH: $KEPT of $SIZE bytes in tmp/uploads, no record, no blob"

# Leftovers a crash can leave: a partial of an unknown upload.
STRAY="$DATA/tmp/uploads/$(cat /proc/sys/kernel/random/uuid).part"
head -c 4096 /dev/urandom > "$STRAY"

start_server
[ ! -e "$STRAY" ] || fail "the stray partial survived the start"
[ -f "$PARTIAL" ] || fail "the resumable partial was removed"
OFFSET=$(curl -sfI "$BASE/api/v1/uploads/$UPLOAD" -H "$AUTH" | tr -d '\r' | awk -F': ' 'tolower($1) == "upload-offset" { print $2 }')
[ "$OFFSET" = "$KEPT" ] || fail "HEAD says $OFFSET, the partial has $KEPT"
echo "restarted: stray partial removed, resumable partial kept, HEAD offset $OFFSET"

dd if="$FILE" bs=4M iflag=skip_bytes skip="$OFFSET" status=none | curl -s -o /dev/null -D "$WORK/headers" -X PATCH "$BASE/api/v1/uploads/$UPLOAD" \
    -H "$AUTH" -H 'Expect:' -H "Upload-Offset: $OFFSET" -H "Content-Length: $((SIZE - OFFSET))" -H 'Transfer-Encoding:' \
    -H 'Content-Type: application/offset+octet-stream' -T -
grep -qi "^lawtrail-sha256: $DIGEST" "$WORK/headers" || fail "resume did not complete: $(cat "$WORK/headers")"
BLOB="$DATA/blobs/sha256/${DIGEST:0:2}/${DIGEST:2}"
[ "$(stat -c %a "$BLOB")" = 400 ] || fail "blob missing, writable or readable by others (expected mode 400)"
[ "$(openssl dgst -sha256 -r "$BLOB" | cut -d' ' -f1)" = "$DIGEST" ] || fail "blob content differs"
RECORDS=$(sqlite3 "$DB" "SELECT count(*) FROM records WHERE lower(upload_id) = '$UPLOAD'")
[ "$RECORDS" = 1 ] || fail "expected one record, found $RECORDS"
echo "resumed: $((SIZE - OFFSET)) bytes sent, blob $DIGEST read-only, one record"
echo PASS
