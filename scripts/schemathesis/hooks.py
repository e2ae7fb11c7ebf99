"""Schemathesis hooks for LawTrail (loaded through SCHEMATHESIS_HOOKS by scripts/schemathesis.sh).

- The resumable upload's PATCH body (`application/offset+octet-stream`) is raw bytes: schemathesis
  has no serializer for that media type, so give it a strategy of short byte strings.
- Random UUIDs only ever reach "not found". Half of the generated path parameters are replaced by
  ids that exist in the demo server's database (read-only, from the SQLite file named by
  LAWTRAIL_ST_DB), so the handlers behind the lookups are fuzzed too.
"""

import os
import re
import sqlite3

import schemathesis
from hypothesis import strategies as st

schemathesis.openapi.media_type("application/offset+octet-stream", st.binary(max_size=256))

# (path pattern, parameter) -> SQL giving candidate values.
_SOURCES = [
    (r"^/api/v1/cases/\{id\}", "id", "SELECT id FROM cases"),
    (r"^/api/v1/publications/from-case/", "caseId", "SELECT id FROM cases"),
    (r"^/api/v1/publications/from-officer/", "officerId", "SELECT id FROM officers"),
    (r"^/api/v1/activities/\{id\}", "id", "SELECT id FROM activities"),
    (r"^/api/v1/records/\{id\}", "id", "SELECT id FROM records"),
    (r"^/api/v1/retrieval-requests/\{id\}", "id", "SELECT id FROM retrieval_requests"),
    (r"^/api/v1/recording-sessions/\{id\}", "id", "SELECT id FROM recording_sessions"),
    (r"^/api/v1/devices/\{id\}", "id", "SELECT id FROM devices"),
    (r"^/api/v1/counterparties/\{id\}", "id", "SELECT id FROM counterparties"),
    (r"^/api/v1/officers/\{id\}", "id", "SELECT id FROM officers"),
    (r"^/api/v1/uploads/\{id\}", "id", "SELECT id FROM uploads"),
    (r"^/api/v1/publications/\{id\}", "id", "SELECT id FROM publications"),
    (r"^/api/v1/correction-requests/\{id\}", "id", "SELECT id FROM correction_requests"),
    (r"^/publications/\{id\}", "id", "SELECT id FROM publications"),
    (r"^/ledger/entries/\{index\}", "index", "SELECT CAST(idx AS TEXT) FROM ledger_entries"),
]


def _known(path, name):
    database = os.environ.get("LAWTRAIL_ST_DB")
    if not database or not os.path.exists(database):
        return []
    for pattern, parameter, sql in _SOURCES:
        if parameter == name and re.search(pattern, path):
            try:
                with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as connection:
                    rows = connection.execute(sql + " LIMIT 200").fetchall()
            except sqlite3.Error:
                return []
            values = [str(row[0]) for row in rows if row[0] is not None]
            # The API writes ids in upper or lower case alike; try both.
            return sorted({value.lower() for value in values} | set(values))
    return []


@schemathesis.hook
def flatmap_path_parameters(ctx, path_parameters):
    if not path_parameters or ctx.operation is None:
        return st.just(path_parameters)
    choices = [st.just(path_parameters)]
    for name in path_parameters:
        known = _known(ctx.operation.path, name)
        if known:
            choices.append(st.sampled_from(known).map(lambda value, name=name: {**path_parameters, name: value}))
    return st.one_of(*choices)


# The "allowed" run: every operation called with the token of a role that may take its
# `x-lawtrail-action` (Sources/Domain/Access/Permissions.swift), so that the coverage phase reaches
# the handlers instead of stopping at 403. LAWTRAIL_ST_TOKENS names a JSON file {"demo-<role>": token}.
_ROLE_FOR_ACTION = {
    "create-activity": "demo-officer",
    "create-text-record": "demo-officer",
    "upload-media": "demo-officer",
    "explain-gap": "demo-officer",
    "register-device": "demo-office",
    "assign-device": "demo-office",
    "view-all-compliance": "demo-brigade-leader",
    "publish-publication": "demo-brigade-leader",
    "correct-publication": "demo-brigade-leader",
    "withdraw-publication": "demo-brigade-leader",
}
_DEFAULT_ROLE = "demo-legal-section"  # view-activity, drafting, approval, officers, corrections, logs
_tokens = None


def _token_for(operation):
    global _tokens
    if _tokens is None:
        path = os.environ.get("LAWTRAIL_ST_TOKENS")
        if path and os.path.exists(path):
            import json

            with open(path) as handle:
                _tokens = json.load(handle)
        else:
            _tokens = {}
    if not _tokens:
        return None
    raw = getattr(getattr(operation, "definition", None), "raw", None) or {}
    action = raw.get("x-lawtrail-action") if isinstance(raw, dict) else None
    if raw.get("security") == []:
        return None
    role = _ROLE_FOR_ACTION.get(action, _DEFAULT_ROLE if action else "demo-officer")
    return _tokens.get(role)


@schemathesis.hook
def before_call(ctx, case, kwargs):
    token = _token_for(case.operation)
    if token:
        if case.headers is None:
            case.headers = {}
        case.headers["Authorization"] = f"Bearer {token}"
