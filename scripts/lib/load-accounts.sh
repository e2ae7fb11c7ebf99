# Sourced by scripts/crash-campaign.sh and scripts/soak.sh: the three accounts scripts/crash_client.py
# drives — an officer (uploads, documents, retrievals) and two legal-section users (a publication's
# drafter and its approver: four eyes, SPEC P11) — made with `lawtrail user add`, and the brigade's
# unit and two of its officers, written to JOURNAL/creds.json. Needs BIN, DATA, JOURNAL and a `sql`
# function that runs one query on the server's database.
# Usage: load_accounts USERNAME_PREFIX
load_accounts() {
    local prefix=$1 unit officers creds who name role password
    unit=$(sql "SELECT lower(CAST(id AS TEXT)) FROM units WHERE kind = 'enforcement-brigade' LIMIT 1")
    officers=$(sql "SELECT lower(CAST(id AS TEXT)) FROM officers WHERE unit_id = (SELECT id FROM units WHERE kind = 'enforcement-brigade' LIMIT 1) ORDER BY name LIMIT 2" | jq -R . | jq -sc .)
    creds="{\"unitId\":\"$unit\",\"officerIds\":$officers"
    for who in officer:officer legalA:legal-section legalB:legal-section; do
        name=${who%%:*}; role=${who#*:}
        password="$prefix-$name-$RANDOM$RANDOM"
        echo "$password" | "$BIN" user add --username "$prefix-$name" --role "$role" --password-stdin --data-dir "$DATA" > /dev/null
        creds="$creds,\"$name\":{\"username\":\"$prefix-$name\",\"password\":\"$password\"}"
    done
    echo "$creds}" > "$JOURNAL/creds.json"
}
