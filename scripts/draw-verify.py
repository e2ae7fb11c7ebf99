#!/usr/bin/env python3
"""Recomputes every completed draw on a LawTrail portal from its published data alone (issue 15,
docs/double-random.md), with the independent Python implementation in scripts/draw_algorithm.py.

    python3 scripts/draw-verify.py http://127.0.0.1:8080

For each draw listed on /draws: fetch /draws/{id}/draw.json; check that the SHA-256 of the
specification's RFC 8785 bytes is the commitment and that the ledger's `draw.committed` entry
holds it; that each revealed secret hashes to its party's committed digest and is on the ledger;
recompute the seed and the selection and compare them with the published outcome and with the
ledger's `draw.completed` entry. Then change one drawn entry of the pool and show that the
selection changes. Exit status 1 on any mismatch.
"""
import base64
import copy
import hashlib
import json
import re
import sys
import urllib.request

sys.path.insert(0, __import__("os").path.dirname(__file__))
import draw_algorithm as algo  # noqa: E402


def get(base, path):
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return response.read()


def ledger_event(base, index):
    entry = json.loads(get(base, "/ledger/entries/%d" % index))
    leaf = base64.b64decode(entry["leaf"])
    return json.loads(leaf)


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def verify(base, draw_id):
    data = json.loads(get(base, "/draws/%s/draw.json" % draw_id))
    spec = data["specification"]
    if hashlib.sha256(algo.canonical(spec)).hexdigest() != data["commitment"]:
        fail("%s: the specification's SHA-256 is not the commitment" % draw_id)
    if algo.commitment(spec) != data["commitment"]:
        fail("%s: the specification is not in the algorithm's order" % draw_id)
    committed = ledger_event(base, data["committedLedgerIndex"])
    if committed.get("type") != "draw.committed" or committed.get("commitment") != data["commitment"]:
        fail("%s: ledger entry %d is not this draw's commitment" % (draw_id, data["committedLedgerIndex"]))
    digests = {p["party"]: p["secretSha256"] for p in spec["parties"]}
    secrets = {}
    for reveal in data["reveals"]:
        if hashlib.sha256(reveal["secret"].encode("utf-8")).hexdigest() != digests.get(reveal["party"]):
            fail("%s: %s's secret does not match its commitment" % (draw_id, reveal["party"]))
        event = ledger_event(base, reveal["ledgerIndex"])
        if event.get("type") != "draw.revealed" or event.get("secret") != reveal["secret"]:
            fail("%s: %s's reveal is not on the ledger at %d" % (draw_id, reveal["party"], reveal["ledgerIndex"]))
        if event.get("at", "") < committed.get("at", ""):
            fail("%s: %s revealed before the commitment" % (draw_id, reveal["party"]))
        secrets[reveal["party"]] = reveal["secret"]
    if "outcome" not in data:
        print("%s: committed, not yet drawn; commitment and %d reveal(s) check" % (draw_id, len(secrets)))
        return False
    ordered = [secrets[p["party"]] for p in spec["parties"]]
    result = algo.run(spec, ordered, data.get("publicValue") or None)
    if result != data["outcome"]:
        fail("%s: recomputed %s, published %s" % (draw_id, json.dumps(result, ensure_ascii=False), json.dumps(data["outcome"], ensure_ascii=False)))
    completed = ledger_event(base, data["completedLedgerIndex"])
    if completed.get("type") != "draw.completed" or completed.get("seed") != result["seed"] \
            or completed.get("outcomeSha256") != hashlib.sha256(algo.canonical(result)).hexdigest():
        fail("%s: the ledger's draw.completed does not hold the recomputed seed and outcome" % draw_id)
    print("%s: %s — recomputed selection matches: %s" % (
        draw_id, spec["title"], json.dumps(result["selected"], ensure_ascii=False)))

    # One changed pool entry: a drawn entry gets another key. The commitment, the seed and the
    # selection change (the old key can no longer be drawn, so the lists cannot be equal).
    pool_name, drawn = next((name, keys) for name, keys in result["selected"].items() if keys)
    changed = copy.deepcopy(spec)
    pool = next(p for p in changed["pools"] if p["name"] == pool_name)
    for entry in pool["entries"]:
        if entry["key"] == drawn[0]:
            entry["key"] = entry["key"][:-1] + ("0" if entry["key"][-1] != "0" else "1")
    other = algo.run(changed, ordered, data.get("publicValue") or None)
    if other["selected"] == result["selected"] or other["commitment"] == result["commitment"]:
        fail("%s: changing one pool entry did not change the selection" % draw_id)
    print("%s: with one pool entry changed, the selection becomes %s" % (draw_id, json.dumps(other["selected"], ensure_ascii=False)))
    return True


def main():
    base = sys.argv[1].rstrip("/")
    ids = sorted(set(re.findall(r'href="/draws/([0-9a-f-]{36})"', get(base, "/draws").decode("utf-8"))))
    if not ids:
        fail("the portal lists no draws")
    completed = sum(1 for draw_id in ids if verify(base, draw_id))
    if completed == 0:
        fail("no completed draw to recompute")
    print("OK: %d draw(s) checked, %d recomputed from the portal's data" % (len(ids), completed))


if __name__ == "__main__":
    main()
