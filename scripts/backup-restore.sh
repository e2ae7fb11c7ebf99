#!/usr/bin/env bash
# Backup and restore against real servers (issue 17 item 3; docs/operations.md "Backups").
# For SQLite and then PostgreSQL: `lawtrail serve --demo`; a client keeps opening cases through the
# API while `lawtrail backup` runs (twice: the second copies no blob again); `lawtrail restore` into
# a new data directory (and an empty PostgreSQL database) with --live, which proves the restored
# ledger a prefix of the live one; `lawtrail verify` on it is clean; `lawtrail ledger prove-prefix`
# agrees after more writes; a backup blob changed by one bit makes restore fail naming it. Then
# `lawtrail migrate-data` moves the restored SQLite directory into an empty PostgreSQL database,
# both ledgers equal, `lawtrail verify` clean, and a second move into the same database is refused.
#
# Usage: scripts/backup-restore.sh
# Env:   LAWTRAIL_BIN (default .build/debug/lawtrail), PORT (default 18191),
#        PG_ADMIN_URL (default: LAWTRAIL_TEST_POSTGRES_URL's server, database postgres; unset and no
#        LAWTRAIL_TEST_POSTGRES_URL: SQLite only, said so)
set -euo pipefail
trap 'echo "$0: failed at line $LINENO" >&2' ERR

BIN=${LAWTRAIL_BIN:-.build/debug/lawtrail}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
PORT=${PORT:-18191}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d /var/tmp/lawtrail-backup.XXXXXX)
SERVER=""
WRITER=""
DATABASES=()
if [ -z "${PG_ADMIN_URL:-}" ] && [ -n "${LAWTRAIL_TEST_POSTGRES_URL:-}" ]; then
    PG_ADMIN_URL="${LAWTRAIL_TEST_POSTGRES_URL%/*}/postgres"
fi

cleanup() {
    [ -n "$WRITER" ] && kill "$WRITER" 2>/dev/null || true
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
    wait 2>/dev/null || true
    for db in "${DATABASES[@]}"; do psql "$PG_ADMIN_URL" -qtAc "DROP DATABASE IF EXISTS $db WITH (FORCE)" > /dev/null 2>&1 || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$WORK/server.log" ] && tail -20 "$WORK/server.log" >&2; exit 1; }

new_database() {  # new_database NAME: an empty PostgreSQL database; its URL in NEW_URL
    local name="lawtrail_backup_${1}_$$"
    psql "$PG_ADMIN_URL" -qtAc "CREATE DATABASE $name" > /dev/null
    DATABASES+=("$name")
    NEW_URL="${PG_ADMIN_URL%/*}/$name"
}

query() {  # query DATA_DIR SQL (DATABASE_URL from the environment when set)
    if [ -n "${DATABASE_URL:-}" ]; then psql "$DATABASE_URL" -qtAc "$2"; else sqlite3 "$1/lawtrail.sqlite" "$2"; fi
}

round() {  # round sqlite|postgres
    local mode=$1 live="$WORK/$1-live" sets="$WORK/$1-backups" restored="$WORK/$1-restored" restored_url=""
    local started=$SECONDS
    if [ "$mode" = postgres ]; then new_database live; export DATABASE_URL=$NEW_URL; else unset DATABASE_URL; fi
    "$BIN" serve --demo --port "$PORT" --data-dir "$live" > "$WORK/server.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 300); do
        curl -sf "$BASE/healthz" > /dev/null && break
        kill -0 "$SERVER" 2>/dev/null || fail "server stopped while starting"
        sleep 0.2
    done
    echo "pw-backup-$$" | "$BIN" user add --username "backup-$mode" --role officer --password-stdin --data-dir "$live" > /dev/null
    local token unit counterparty
    token=$(curl -sf "$BASE/api/v1/sessions" -H 'Content-Type: application/json' \
        -d "{\"username\":\"backup-$mode\",\"password\":\"pw-backup-$$\"}" | jq -r .token)
    unit=$(query "$live" "SELECT lower(CAST(id AS TEXT)) FROM units WHERE kind = 'enforcement-brigade'")
    counterparty=$(curl -sf "$BASE/api/v1/counterparties" -H "Authorization: Bearer $token" | jq -r '.items[0].id')

    # The client: opens cases until told to stop, counting the acknowledged ones.
    : > "$WORK/acked"
    (
        n=0
        while [ ! -f "$WORK/stop" ]; do
            n=$((n + 1))
            curl -sf -o /dev/null "$BASE/api/v1/cases" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "{
                \"number\":\"普应急检〔2026〕$((90000 + n))号\",\"title\":\"备份期间的写入\",\"kind\":\"inspection\",
                \"counterpartyId\":\"$counterparty\",\"unitId\":\"$unit\",\"openedOn\":\"2026-03-02\"}" && echo "$n" >> "$WORK/acked"
        done
    ) &
    WRITER=$!
    sleep 1
    local before size
    before=$(curl -sf "$BASE/ledger/checkpoint" | sed -n 2p)
    "$BIN" backup "$sets" --data-dir "$live" > "$WORK/backup1.log" || { cat "$WORK/backup1.log"; fail "backup refused"; }
    sleep 1.1
    "$BIN" backup "$sets" --data-dir "$live" > "$WORK/backup2.log" || { cat "$WORK/backup2.log"; fail "second backup refused"; }
    touch "$WORK/stop"; wait "$WRITER"; WRITER=""; rm -f "$WORK/stop"
    local acked; acked=$(wc -l < "$WORK/acked")
    [ "$acked" -gt 0 ] || fail "the client wrote nothing during the backup"
    local manifest; manifest=$(ls -d "$sets"/snapshots/*/ | tail -1)manifest.json
    size=$(jq -r .ledger.size "$manifest")
    [ "$size" -ge "$before" ] || fail "the backup covers $size entries, the ledger had $before before it began"
    [ "$(jq -r .blobs.copied "$manifest")" = 0 ] || fail "the second backup copied blobs again"
    [ "$(jq -r .keys.included "$manifest")" = false ] || fail "keys in a backup without --include-keys"
    [ -z "$(find "$sets" -name '*.key')" ] || fail "a key file in the backup"
    grep -q '^blobs: ' "$WORK/backup1.log" || fail "no blob line"

    # Restore next to the live server, prove the prefix, verify.
    if [ "$mode" = postgres ]; then new_database restored; restored_url=$NEW_URL; fi
    DATABASE_URL=$restored_url "$BIN" restore "$sets" --data-dir "$restored" --keys "$live/keys" --live "$BASE" > "$WORK/restore.log" \
        || { cat "$WORK/restore.log"; fail "restore refused"; }
    grep -q "is a prefix of the live ledger" "$WORK/restore.log" || { cat "$WORK/restore.log"; fail "no prefix proof"; }
    DATABASE_URL=$restored_url "$BIN" verify --data-dir "$restored" > "$WORK/verify.log" || { cat "$WORK/verify.log"; fail "verify on the restored data"; }
    local restored_size
    restored_size=$(DATABASE_URL=$restored_url "$BIN" ledger checkpoint --data-dir "$restored" | sed -n 2p)
    [ "$restored_size" = "$size" ] || fail "restored ledger size $restored_size, manifest $size"
    curl -sf -o /dev/null "$BASE/api/v1/cases" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "{
        \"number\":\"普应急检〔2026〕99999号\",\"title\":\"恢复之后的写入\",\"kind\":\"inspection\",
        \"counterpartyId\":\"$counterparty\",\"unitId\":\"$unit\",\"openedOn\":\"2026-03-02\"}"
    DATABASE_URL=$restored_url "$BIN" ledger prove-prefix --data-dir "$restored" --live "$BASE" > "$WORK/prove.log" \
        || { cat "$WORK/prove.log"; fail "prove-prefix"; }

    # One bit changed in a backup blob: restore fails and names it.
    local blob digest
    blob=$(find "$sets/blobs/sha256" -type f | head -1)
    digest=$(basename "$(dirname "$blob")")$(basename "$blob")
    chmod 600 "$blob"
    printf '\x01' | dd of="$blob" bs=1 seek=10 conv=notrunc status=none
    local damaged_url=""
    if [ "$mode" = postgres ]; then new_database damaged; damaged_url=$NEW_URL; fi
    if DATABASE_URL=$damaged_url "$BIN" restore "$sets" --data-dir "$WORK/$mode-damaged" > "$WORK/damaged.log" 2>&1; then
        fail "restore accepted a damaged backup blob"
    fi
    grep -q "blob $digest: the backup's copy is damaged" "$WORK/damaged.log" || { cat "$WORK/damaged.log"; fail "the damaged blob was not named"; }

    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
    echo "$mode: $acked cases written during the backups; backup of ledger size $size restored, verify clean, prefix of the live ledger proved, damaged blob reported ($((SECONDS - started)) s)"
    unset DATABASE_URL
}

command -v jq > /dev/null || fail "jq is needed"
round sqlite
if [ -z "${PG_ADMIN_URL:-}" ]; then
    echo "no PostgreSQL (PG_ADMIN_URL / LAWTRAIL_TEST_POSTGRES_URL unset): PostgreSQL round and migrate-data skipped"
    exit 0
fi
round postgres

# SQLite → PostgreSQL: the restored SQLite directory moves into an empty database.
started=$SECONDS
new_database moved; target=$NEW_URL
"$BIN" migrate-data --from "$WORK/sqlite-restored" --to "$target" > "$WORK/move.log" || { cat "$WORK/move.log"; fail "migrate-data"; }
grep -q "the ledgers are equal" "$WORK/move.log" || fail "migrate-data did not compare the ledgers"
DATABASE_URL=$target "$BIN" verify --data-dir "$WORK/sqlite-restored" > "$WORK/verify-moved.log" || { cat "$WORK/verify-moved.log"; fail "verify after migrate-data"; }
if "$BIN" migrate-data --from "$WORK/sqlite-restored" --to "$target" > /dev/null 2>&1; then fail "migrate-data into a non-empty database"; fi
echo "migrate-data: $(grep -c ' rows$' "$WORK/move.log") tables moved, ledgers equal ($(sed -n 's/^PostgreSQL ledger: *//p' "$WORK/move.log")), verify clean, second move refused ($((SECONDS - started)) s)"
