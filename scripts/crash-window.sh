#!/usr/bin/env bash
# The crash window of issue 17 item 4 (docs/reliability.md "The upload crash window"): a real
# `lawtrail serve` is made to die between an upload's blob landing in blobs/ and its record and
# record.ingested event committing, by the test-only fail point LAWTRAIL_TEST_FAIL_POINT=
# upload-after-blob (the process _exit(86)s at that moment: no clean-up, no answer). Checks that
# the acknowledged offset survived the death (the complete partial is still in tmp/uploads), that
# the restart completes the record from it (one record, one record.ingested entry), that HEAD and
# a repeated final PATCH answer as for a completed upload, and that `lawtrail verify` is clean.
#
# Usage: scripts/crash-window.sh [SIZE_MIB]      (default 8)
# Env:   LAWTRAIL_BIN (default .build/debug/lawtrail), PORT (default 18183)
set -euo pipefail
trap 'echo "$0: failed at line $LINENO" >&2' ERR

SIZE_MIB=${1:-8}
BIN=${LAWTRAIL_BIN:-.build/debug/lawtrail}
PORT=${PORT:-18183}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d /var/tmp/lawtrail-crash-window.XXXXXX)
DATA="$WORK/data"
FILE="$WORK/input.mp4"
SIZE=$((SIZE_MIB * 1024 * 1024))
HALF=$((SIZE / 2))
SERVER=""

cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$WORK/server.log" ] && tail -20 "$WORK/server.log" >&2; exit 1; }

# start_server [ENV=VALUE ...]: starts `lawtrail serve --demo` on $DATA with the given environment.
start_server() {
    env "$@" "$BIN" serve --demo --port "$PORT" --data-dir "$DATA" >> "$WORK/server.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 300); do
        curl -sf "$BASE/healthz" > /dev/null && return
        kill -0 "$SERVER" 2>/dev/null || fail "server stopped while starting"
        sleep 0.2
    done
    fail "server did not start"
}
upload_offset() {
    curl -sfI "$BASE/api/v1/uploads/$UPLOAD" -H "$AUTH" | tr -d '\r' | awk -F': ' 'tolower($1) == "upload-offset" { print $2 }'
}
records_of_upload() { sqlite3 "$DB" "SELECT count(*) FROM records WHERE lower(upload_id) = '$UPLOAD'"; }

printf '\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41' > "$FILE"
head -c $((SIZE - 32)) /dev/urandom >> "$FILE"
DIGEST=$(openssl dgst -sha256 -r "$FILE" | cut -d' ' -f1)
BLOB="$DATA/blobs/sha256/${DIGEST:0:2}/${DIGEST:2}"

start_server LAWTRAIL_TEST_FAIL_POINT=upload-after-blob
source "$(dirname "$0")/lib/demo-activity.sh"
demo_activity crash-window 崩溃窗口测试
DB="$DATA/lawtrail.sqlite"
UPLOAD=$(curl -sf "$BASE/api/v1/uploads" -H "$AUTH" -H 'Content-Type: application/json' -d "{
    \"length\":$SIZE,\"sha256\":\"$DIGEST\",\"mimeType\":\"video/mp4\",\"form\":\"media\",\"activityId\":\"$ACTIVITY\"}" | jq -r .id)
[ -n "$UPLOAD" ] && [ "$UPLOAD" != null ] || fail "could not create the upload"
PARTIAL="$DATA/tmp/uploads/$UPLOAD.part"
ENTRIES_BEFORE=$(sqlite3 "$DB" "SELECT count(*) FROM ledger_entries WHERE event_type = 'record.ingested'")

# First PATCH (tus-style): half the file, acknowledged with its offset.
head -c "$HALF" "$FILE" | curl -sf -o /dev/null -D "$WORK/first" -X PATCH "$BASE/api/v1/uploads/$UPLOAD" -H "$AUTH" \
    -H 'Expect:' -H 'Upload-Offset: 0' -H "Content-Length: $HALF" -H 'Transfer-Encoding:' \
    -H 'Content-Type: application/offset+octet-stream' -T - || fail "first PATCH refused"
ACKED=$(tr -d '\r' < "$WORK/first" | awk -F': ' 'tolower($1) == "upload-offset" { print $2 }')
[ "$ACKED" = "$HALF" ] || fail "first PATCH acknowledged $ACKED, expected $HALF"

# Second PATCH: the rest. The server dies in the window between the blob and the record.
tail -c +$((HALF + 1)) "$FILE" | curl -s -o /dev/null -w '%{http_code}' -X PATCH "$BASE/api/v1/uploads/$UPLOAD" -H "$AUTH" \
    -H 'Expect:' -H "Upload-Offset: $HALF" -H "Content-Length: $((SIZE - HALF))" -H 'Transfer-Encoding:' \
    -H 'Content-Type: application/offset+octet-stream' -T - > "$WORK/second" || true
STATUS=0
wait "$SERVER" || STATUS=$?
SERVER=""
[ "$STATUS" = 86 ] || fail "the server did not die at the fail point (exit status $STATUS, answer $(cat "$WORK/second"))"
grep -q 'fail point upload-after-blob' "$WORK/server.log" || fail "no fail point message in the server log"

# What the crash left: the blob, no record, and the whole partial (the acknowledged bytes and more).
[ -f "$BLOB" ] || fail "the blob is not in blobs/: the crash was not in the window"
[ "$(records_of_upload)" = 0 ] || fail "a record exists: the crash was not in the window"
[ -f "$PARTIAL" ] && [ "$(stat -c %s "$PARTIAL")" = "$SIZE" ] || fail "the partial is gone or short: acknowledged bytes lost"
echo "killed in the window: blob in blobs/, no record, partial of $SIZE bytes kept (first PATCH acknowledged $ACKED)"

# Restart without the fail point: the record is completed from the partial at start-up.
start_server
[ "$(records_of_upload)" = 1 ] || fail "expected one record after the restart, found $(records_of_upload)"
ENTRIES=$(sqlite3 "$DB" "SELECT count(*) FROM ledger_entries WHERE event_type = 'record.ingested'")
[ "$ENTRIES" = $((ENTRIES_BEFORE + 1)) ] || fail "expected one new record.ingested entry, found $((ENTRIES - ENTRIES_BEFORE))"
[ ! -e "$PARTIAL" ] || fail "the partial is still there after the record was made"
OFFSET=$(upload_offset)
[ "$OFFSET" -ge "$ACKED" ] || fail "HEAD offset $OFFSET is below the acknowledged $ACKED"
[ "$OFFSET" = "$SIZE" ] || fail "HEAD offset $OFFSET, expected the whole $SIZE"
STATUS_JSON=$(curl -sf "$BASE/api/v1/uploads/$UPLOAD" -H "$AUTH")
[ "$(echo "$STATUS_JSON" | jq -r '.complete')" = true ] && [ "$(echo "$STATUS_JSON" | jq -r '.sha256')" = "$DIGEST" ] \
    || fail "upload status after the restart: $STATUS_JSON"
curl -sf -o /dev/null -D "$WORK/final" -X PATCH "$BASE/api/v1/uploads/$UPLOAD" -H "$AUTH" -H "Upload-Offset: $SIZE" \
    -H 'Content-Type: application/offset+octet-stream' -H 'Content-Length: 0' --data-binary '' || fail "repeated final PATCH refused"
grep -qi "^lawtrail-sha256: $DIGEST" "$WORK/final" || fail "repeated final PATCH: $(cat "$WORK/final")"
[ "$(records_of_upload)" = 1 ] || fail "the repeated final PATCH made a second record"
[ "$(openssl dgst -sha256 -r "$BLOB" | cut -d' ' -f1)" = "$DIGEST" ] || fail "blob content differs"
[ "$(stat -c '%a %h' "$BLOB")" = "400 1" ] || fail "blob mode/link count $(stat -c '%a %h' "$BLOB"), expected 400 1"
echo "restarted: one record, one record.ingested entry, HEAD offset $OFFSET, status complete, partial removed"

kill "$SERVER"
wait "$SERVER" 2>/dev/null || true
SERVER=""
"$BIN" verify --data-dir "$DATA" > "$WORK/verify.log" 2>&1 || { cat "$WORK/verify.log"; fail "lawtrail verify found something"; }
! grep -q 'extra' "$WORK/verify.log" || fail "lawtrail verify reports an extra blob"
echo "lawtrail verify: clean"
echo PASS
