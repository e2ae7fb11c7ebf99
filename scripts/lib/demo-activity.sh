# Sourced by scripts that drive a real server: signs in a new officer account and creates a case
# and an on-site activity for uploads. Needs BIN, DATA, BASE; sets TOKEN, AUTH and ACTIVITY.
# Usage: demo_activity USERNAME CASE_TITLE
demo_activity() {
    local username=$1 title=$2
    local password="password-$username-$$" db="$DATA/lawtrail.sqlite"
    echo "$password" | "$BIN" user add --username "$username" --role officer --password-stdin --data-dir "$DATA" > /dev/null
    TOKEN=$(curl -sf "$BASE/api/v1/sessions" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$username\",\"password\":\"$password\"}" | jq -r .token)
    AUTH="Authorization: Bearer $TOKEN"
    local unit officers counterparty case
    unit=$(sqlite3 "$db" "SELECT lower(id) FROM units WHERE kind = 'enforcement-brigade'")
    officers=$(sqlite3 "$db" "SELECT lower(id) FROM officers WHERE unit_id = (SELECT id FROM units WHERE kind = 'enforcement-brigade') ORDER BY name LIMIT 2" \
        | jq -R . | jq -sc .)
    counterparty=$(curl -sf "$BASE/api/v1/counterparties" -H "$AUTH" | jq -r '.items[0].id')
    case=$(curl -sf "$BASE/api/v1/cases" -H "$AUTH" -H 'Content-Type: application/json' -d "{
        \"number\":\"普应急检〔2026〕$$号\",\"title\":\"$title\",\"kind\":\"inspection\",
        \"counterpartyId\":\"$counterparty\",\"unitId\":\"$unit\",\"openedOn\":\"2026-03-02\"}" | jq -r .id)
    ACTIVITY=$(curl -sf "$BASE/api/v1/activities" -H "$AUTH" -H 'Content-Type: application/json' -d "{
        \"caseId\":\"$case\",\"kind\":\"inspection\",\"procedure\":\"general\",
        \"site\":{\"address\":\"上海市普陀区真北路1888号\",\"highRisk\":false},\"isOnSite\":true,
        \"officerIds\":$officers,\"startedAt\":\"2026-03-02T02:30:00Z\",\"endedAt\":\"2026-03-02T03:30:00Z\"}" | jq -r .id)
    [ -n "$ACTIVITY" ] && [ "$ACTIVITY" != null ] || { echo "could not create an activity" >&2; return 1; }
}
