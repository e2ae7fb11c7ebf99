#!/usr/bin/env bash
# Blobs on an S3-compatible store with Object Lock (issue 17 item 1; docs/operations.md "Blob
# storage"), against moto in server mode (PyPI `moto[server]`), in a venv of its own:
#
#   1. starts moto_server on 127.0.0.1 and creates a bucket with Object Lock enabled (boto3);
#   2. runs `lawtrail serve` with LAWTRAIL_BLOB_STORE=s3://… and uploads a record large enough
#      to go up as a multipart upload (tus-style PATCHes);
#   3. reads the record's content back through the retrieval API and compares it byte for byte;
#   4. checks with boto3 that the object carries retention mode COMPLIANCE and the retain-until
#      date of its retention class (inspection video: the day after capture + 6 months, 00:00
#      Asia/Shanghai), and that nothing went to the data directory's blobs/;
#   5. proves the locked object cannot be deleted: DeleteObject with its version id → AccessDenied,
#      and the object is still there;
#   6. runs the Swift tests tagged for a live S3 store (`S3BlobStoreLiveTests`: multipart write,
#      ranged read, refusal to remove before the lock ends, removal after a short lock) against the
#      same moto.
#
# Usage: scripts/s3-moto.sh [SIZE_MIB]        (default 20: three 8 MiB parts)
# Env:   LAWTRAIL_BIN (default .build/debug/lawtrail), PORT (18184), MOTO_PORT (18185),
#        VENV (a venv to reuse; default: a new one under the work directory), SKIP_SWIFT_TESTS=1
set -euo pipefail
trap 'echo "$0: failed at line $LINENO" >&2' ERR

SIZE_MIB=${1:-20}
BIN=${LAWTRAIL_BIN:-.build/debug/lawtrail}
PORT=${PORT:-18184}
MOTO_PORT=${MOTO_PORT:-18185}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d /var/tmp/lawtrail-s3.XXXXXX)
DATA="$WORK/data"
FILE="$WORK/input.mp4"
SIZE=$((SIZE_MIB * 1024 * 1024))
BUCKET=lawtrail-evidence
SERVER=""
MOTO=""

cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
    [ -n "$MOTO" ] && kill "$MOTO" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$WORK/server.log" ] && tail -20 "$WORK/server.log" >&2; exit 1; }

VENV=${VENV:-$WORK/venv}
if [ ! -x "$VENV/bin/moto_server" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check 'moto[server]' boto3
fi
PY="$VENV/bin/python"

"$VENV/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT" > "${MOTO_LOG:-$WORK/moto.log}" 2>&1 &
MOTO=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$MOTO_PORT/" && break; sleep 0.2; done

export AWS_ACCESS_KEY_ID=lawtrail-test AWS_SECRET_ACCESS_KEY=lawtrail-test-secret AWS_DEFAULT_REGION=us-east-1
export S3_ENDPOINT="http://127.0.0.1:$MOTO_PORT" BUCKET
"$PY" - <<'PY'
import os, boto3
s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT"])
s3.create_bucket(Bucket=os.environ["BUCKET"], ObjectLockEnabledForBucket=True)
conf = s3.get_object_lock_configuration(Bucket=os.environ["BUCKET"])["ObjectLockConfiguration"]
assert conf["ObjectLockEnabled"] == "Enabled", conf
print("bucket with object lock:", os.environ["BUCKET"])
PY

export LAWTRAIL_BLOB_STORE="s3://$BUCKET/evidence"
export LAWTRAIL_S3_ENDPOINT="$S3_ENDPOINT" LAWTRAIL_S3_REGION=us-east-1
export LAWTRAIL_S3_ACCESS_KEY_ID="$AWS_ACCESS_KEY_ID" LAWTRAIL_S3_SECRET_ACCESS_KEY="$AWS_SECRET_ACCESS_KEY"

"$BIN" serve --demo --port "$PORT" --data-dir "$DATA" > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 300); do
    curl -sf "$BASE/healthz" > /dev/null && break
    kill -0 "$SERVER" 2>/dev/null || fail "server stopped while starting"
    sleep 0.2
done

printf '\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41' > "$FILE"
head -c $((SIZE - 32)) /dev/urandom >> "$FILE"
DIGEST=$(openssl dgst -sha256 -r "$FILE" | cut -d' ' -f1)
source "$(dirname "$0")/lib/demo-activity.sh"
demo_activity s3-officer 对象锁定测试
# Captured now: the lock (capture + 6 months) must be in the future for S3 to take it.
CAPTURE_START=$(date -u +%Y-%m-%dT%H:%M:%SZ)
CAPTURE_END=$(date -u -d '+30 minutes' +%Y-%m-%dT%H:%M:%SZ)
export CAPTURE_START
LOCAL_BLOBS_BEFORE=$(find "$DATA/blobs" -type f 2>/dev/null | wc -l)
UPLOAD=$(curl -sf "$BASE/api/v1/uploads" -H "$AUTH" -H 'Content-Type: application/json' -d "{
    \"length\":$SIZE,\"sha256\":\"$DIGEST\",\"mimeType\":\"video/mp4\",\"form\":\"media\",\"activityId\":\"$ACTIVITY\",
    \"captureStart\":\"$CAPTURE_START\",\"captureEnd\":\"$CAPTURE_END\"}" | jq -r .id)
[ -n "$UPLOAD" ] && [ "$UPLOAD" != null ] || fail "could not create the upload"
HALF=$((SIZE / 2))
head -c "$HALF" "$FILE" | curl -sf -o /dev/null -X PATCH "$BASE/api/v1/uploads/$UPLOAD" -H "$AUTH" -H 'Expect:' \
    -H 'Upload-Offset: 0' -H "Content-Length: $HALF" -H 'Transfer-Encoding:' -H 'Content-Type: application/offset+octet-stream' -T - \
    || fail "first PATCH"
tail -c +$((HALF + 1)) "$FILE" | curl -sf -o /dev/null -D "$WORK/final" -X PATCH "$BASE/api/v1/uploads/$UPLOAD" -H "$AUTH" -H 'Expect:' \
    -H "Upload-Offset: $HALF" -H "Content-Length: $((SIZE - HALF))" -H 'Transfer-Encoding:' \
    -H 'Content-Type: application/offset+octet-stream' -T - || fail "final PATCH"
grep -qi "^lawtrail-sha256: $DIGEST" "$WORK/final" || fail "upload not completed: $(cat "$WORK/final")"
RECORD=$(tr -d '\r' < "$WORK/final" | awk -F': ' 'tolower($1) == "lawtrail-record-id" { print $2 }')
[ "$(find "$DATA/blobs" -type f 2>/dev/null | wc -l)" = "$LOCAL_BLOBS_BEFORE" ] || fail "the blob went to the data directory"
[ ! -e "$DATA/tmp/uploads/$UPLOAD.part" ] || fail "the partial is still there"
echo "uploaded $SIZE bytes as record $RECORD"

# Read it back through the API (a retrieval states its purpose first, SPEC R11).
RETRIEVAL=$(curl -sf "$BASE/api/v1/records/$RECORD/retrievals" -H "$AUTH" -H 'Content-Type: application/json' \
    -d '{"purpose":"case-handling","purposeText":"对象存储读回测试"}' | jq -r '.id // .retrievalId')
[ -n "$RETRIEVAL" ] && [ "$RETRIEVAL" != null ] || fail "could not start a retrieval"
curl -sf "$BASE/api/v1/records/$RECORD/content?retrievalId=$RETRIEVAL" -H "$AUTH" -o "$WORK/read-back" || fail "content read"
cmp -s "$FILE" "$WORK/read-back" || fail "the bytes read back differ"
curl -sf "$BASE/api/v1/records/$RECORD/content?retrievalId=$RETRIEVAL" -H "$AUTH" -H 'Range: bytes=1000-1999' -o "$WORK/range" || fail "ranged read"
cmp -s <(tail -c +1001 "$FILE" | head -c 1000) "$WORK/range" || fail "the ranged read differs"
echo "read back byte-identical (whole and bytes=1000-1999)"

export DIGEST
"$PY" - <<'PY'
import os, boto3, datetime, botocore
s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT"])
bucket, digest = os.environ["BUCKET"], os.environ["DIGEST"]
key = f"evidence/sha256/{digest[:2]}/{digest[2:]}"
head = s3.head_object(Bucket=bucket, Key=key)
assert head["ContentLength"] == int(os.environ.get("SIZE", head["ContentLength"])), head["ContentLength"]
ret = {"Mode": head.get("ObjectLockMode"), "RetainUntilDate": head.get("ObjectLockRetainUntilDate")}
assert ret["Mode"] == "COMPLIANCE", head
# Inspection video, not evidence: kept to capture day + 6 months (Shanghai days; a missing day is
# the month's last), may go from the day after at 00:00 +08:00 (BlobLock, RetentionRules).
import calendar
shanghai = datetime.timezone(datetime.timedelta(hours=8))
day = datetime.datetime.strptime(os.environ["CAPTURE_START"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc).astimezone(shanghai).date()
month = day.month + 6
year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
last = datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
first = last + datetime.timedelta(days=1)
want = datetime.datetime(first.year, first.month, first.day, tzinfo=shanghai)
assert ret["RetainUntilDate"] == want, ret
version = head["VersionId"]
try:
    s3.delete_object(Bucket=bucket, Key=key, VersionId=version)
    raise SystemExit("FAIL: a locked object version was deleted")
except botocore.exceptions.ClientError as error:
    code = error.response["Error"]["Code"]
    assert code == "AccessDenied", error.response
try:
    s3.delete_object(Bucket=bucket, Key=key, VersionId=version, BypassGovernanceRetention=True)
    raise SystemExit("FAIL: compliance mode was bypassed")
except botocore.exceptions.ClientError as error:
    assert error.response["Error"]["Code"] == "AccessDenied", error.response
assert s3.head_object(Bucket=bucket, Key=key, VersionId=version)["ContentLength"] > 0
print(f"object {key}: COMPLIANCE until {ret['RetainUntilDate'].isoformat()}; DeleteObject(VersionId) → AccessDenied, still there")
PY

# The demo marks one of its (seven-month-old, so unlocked) inspection videos as evidence: its class
# lengthened to "must be archived", so the same step put a compliance lock on it until 1 January of
# the year after capture + 10 years (issue 17, RetentionService.extendLock).
EVIDENCE=$(sqlite3 "$DATA/lawtrail.sqlite" "SELECT r.blob_sha256 FROM records r JOIN retention_fact_changes f ON f.record_id = r.id WHERE f.fact = 'evidence' AND r.blob_sha256 IS NOT NULL LIMIT 1")
[ -n "$EVIDENCE" ] || fail "the demo has no evidence video"
export EVIDENCE
"$PY" - <<'PY'
import os, boto3, datetime
s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT"])
digest = os.environ["EVIDENCE"]
key = f"evidence/sha256/{digest[:2]}/{digest[2:]}"
head = s3.head_object(Bucket=os.environ["BUCKET"], Key=key)
until = head.get("ObjectLockRetainUntilDate")
assert head.get("ObjectLockMode") == "COMPLIANCE", head
shanghai = until.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
assert (shanghai.month, shanghai.day, shanghai.hour, shanghai.minute) == (1, 1, 0, 0), until
assert shanghai.year >= datetime.date.today().year + 9, until
print(f"evidence video {key}: lock lengthened to COMPLIANCE until {until.isoformat()}")
PY

kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
if [ "${SKIP_SWIFT_TESTS:-0}" != 1 ]; then
    LAWTRAIL_TEST_S3_ENDPOINT="$S3_ENDPOINT" LAWTRAIL_TEST_S3_BUCKET="$BUCKET" \
        swift test --skip-build --filter S3BlobStoreLiveTests > "$WORK/swift-test.log" 2>&1 \
        || { tail -40 "$WORK/swift-test.log"; fail "S3BlobStoreLiveTests"; }
    grep -E "Test run with|passed after" "$WORK/swift-test.log" | tail -2
fi
echo PASS
