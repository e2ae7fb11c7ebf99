#!/usr/bin/env python3
"""Concurrent load through nginx onto two LawTrail servers sharing one PostgreSQL (issue 17 item 2;
driven by scripts/cluster.sh, documented in docs/operations.md "Two or more servers").

Three entrances, all nginx: ENTRY (round robin over both servers), ENTRY_A and ENTRY_B (pinned to
one server each, so that a step can be made to land on "the other" server on purpose). Every
answer names its server in `X-LawTrail-Upstream` (nginx's $upstream_addr).

Checks, each a failure (exit 1) when broken:
  - a bearer token made on one server works on the other; a staff session cookie made by the web
    sign-in form on one server opens a staff page on the other;
  - resumable uploads: created on one server, first part PATCHed on the other, HEAD on either
    (offset as acknowledged), the rest PATCHed through the round robin; the record's SHA-256 is the
    file's; its acknowledged ledger index is unique among all acknowledged indexes and its entry
    is a `record.ingested` leaf naming that record;
  - publication steps by two people (officer-certificate items: one legal-section account drafts,
    submits and publishes, another approves), each step through the round robin;
  - retrievals: opened on one server, content read on the other, bytes as uploaded;
  - ledger reads: every checkpoint seen is kept; at the end each one is proved consistent with the
    final checkpoint (RFC 9162 consistency proof from /ledger/proof/consistency, verified here)
    and all carry the same signing key; sampled entries hash to their leaf hash;
  - no 5xx answer, no transport error.

Stdlib only. Usage: cluster-load.py ENTRY ENTRY_A ENTRY_B USERS_JSON SECONDS WORKERS OUT_JSON
USERS_JSON: {"officer": {"username", "password"}, "leader": {…} (legal section: drafts, submits, publishes),
            "legal": {…} (legal section: approves), "activity": id, "officers": [id, …]}
"""
import base64
import hashlib
import http.client
import json
import os
import random
import re
import sys
import threading
import time
import urllib.parse

from rfc9162 import verify_consistency

ENTRY, ENTRY_A, ENTRY_B, USERS_FILE, SECONDS, WORKERS, OUT = sys.argv[1:8]
SECONDS, WORKERS = float(SECONDS), int(WORKERS)
USERS = json.load(open(USERS_FILE))
lock = threading.Lock()
stats = {"ops": {}, "status": {}, "upstreams": {}, "failures": [], "acked_indexes": [], "checkpoints": {},
         "records": [], "publications": 0, "retrievals": 0, "uploads": 0, "cross_server_patches": 0}


def fail(message):
    with lock:
        stats["failures"].append(message)
    print("FAIL:", message, file=sys.stderr, flush=True)


def count(key, name):
    with lock:
        stats[key][name] = stats[key].get(name, 0) + 1


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def json(self):
        return json.loads(self.body)


def request(base, method, path, body=None, headers=None, op="?", expect=None):
    url = urllib.parse.urlsplit(base)
    headers = dict(headers or {})
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    for attempt in range(3):
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            response = Response(raw.status, raw.getheaders(), raw.read())
            break
        except (ConnectionError, http.client.HTTPException, OSError) as error:
            if attempt == 2:
                fail(f"{op}: {method} {path}: transport error {error!r}")
                raise
            time.sleep(0.2)
        finally:
            connection.close()
    count("status", f"{op} {response.status}")
    upstream = response.header("X-LawTrail-Upstream")
    if upstream:
        count("upstreams", upstream)
    if response.status >= 500:
        fail(f"{op}: {method} {path} → {response.status} {response.body[:300]!r}")
    if expect is not None and response.status not in (expect if isinstance(expect, tuple) else (expect,)):
        fail(f"{op}: {method} {path} → {response.status} (expected {expect}) {response.body[:300]!r}")
    response.upstream = upstream
    return response


def sign_in(base, user):
    response = request(base, "POST", "/api/v1/sessions", {"username": user["username"], "password": user["password"]},
                       op="sign-in", expect=(200, 201))
    return {"Authorization": "Bearer " + response.json()["token"]}, response.upstream


def check_tokens_and_cookies():
    """A token / cookie made on one server works on the other."""
    for made, used in ((ENTRY_A, ENTRY_B), (ENTRY_B, ENTRY_A)):
        auth, made_on = sign_in(made, USERS["officer"])
        response = request(used, "GET", "/api/v1/counterparties?per=1", headers=auth, op="token-cross", expect=200)
        if made_on == response.upstream:
            fail(f"token check: made and used on the same server {made_on}")
        # The web sign-in form: CSRF cookie and field from the form, session cookie from the POST.
        form = request(made, "GET", "/staff/sign-in", op="cookie-form", expect=200)
        csrf_cookie = next((v for k, v in form.headers if k.lower() == "set-cookie" and "lawtrail_csrf=" in v), "")
        csrf_cookie = csrf_cookie.split(";")[0]
        match = re.search(rb'name="csrf" value="([^"]+)"', form.body)
        if not csrf_cookie or not match:
            fail("cookie check: the sign-in form has no CSRF cookie or field")
            continue
        body = urllib.parse.urlencode({"username": USERS["officer"]["username"], "password": USERS["officer"]["password"],
                                       "csrf": match.group(1).decode()}).encode()
        posted = request(made, "POST", "/staff/sign-in", body=body, op="cookie-sign-in", expect=(302, 303),
                         headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": csrf_cookie})
        session = next((v.split(";")[0] for k, v in posted.headers if k.lower() == "set-cookie" and "lawtrail_session=" in v), None)
        if not session:
            fail("cookie check: no session cookie after signing in")
            continue
        page = request(used, "GET", "/staff", headers={"Cookie": session}, op="cookie-cross", expect=200)
        if page.upstream == posted.upstream:
            fail(f"cookie check: made and used on the same server {page.upstream}")
    print("token and cookie made on one server accepted by the other", flush=True)


def mp4(size):
    head = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"
    return head + os.urandom(size - len(head))


def upload(auth, rng):
    data = mp4(rng.randint(64 << 10, 1536 << 10))
    digest = hashlib.sha256(data).hexdigest()
    first, second = (ENTRY_A, ENTRY_B) if rng.random() < 0.5 else (ENTRY_B, ENTRY_A)
    now = time.time()
    created = request(first, "POST", "/api/v1/uploads", {
        "length": len(data), "sha256": digest, "mimeType": "video/mp4", "form": "media", "activityId": USERS["activity"],
        "captureStart": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 600)),
        "captureEnd": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 60))}, headers=auth, op="upload-create", expect=201)
    if created.status != 201:
        return
    upload_id = created.json()["id"]
    cut = rng.randint(1, len(data) - 1)
    patch_headers = dict(auth, **{"Content-Type": "application/offset+octet-stream", "Tus-Resumable": "1.0.0"})
    part = request(second, "PATCH", f"/api/v1/uploads/{upload_id}", body=data[:cut],
                   headers=dict(patch_headers, **{"Upload-Offset": "0"}), op="upload-patch-1", expect=204)
    if part.status != 204:
        return
    if part.upstream != created.upstream:
        with lock:
            stats["cross_server_patches"] += 1
    else:
        fail(f"upload {upload_id}: created and PATCHed on the same server {part.upstream}")
    head = request(ENTRY, "HEAD", f"/api/v1/uploads/{upload_id}", headers=auth, op="upload-head", expect=200)
    if head.header("Upload-Offset") != str(cut):
        fail(f"upload {upload_id}: HEAD says {head.header('Upload-Offset')} after {cut} acknowledged")
    last = request(ENTRY, "PATCH", f"/api/v1/uploads/{upload_id}", body=data[cut:],
                   headers=dict(patch_headers, **{"Upload-Offset": str(cut)}), op="upload-patch-2", expect=204)
    if last.status != 204:
        return
    record, index = last.header("LawTrail-Record-Id"), last.header("LawTrail-Ledger-Index")
    if last.header("LawTrail-Sha256") != digest or not record or index is None:
        fail(f"upload {upload_id}: final PATCH answered without the record, digest or ledger index: {last.headers}")
        return
    with lock:
        stats["acked_indexes"].append(int(index))
        stats["records"].append({"id": record, "sha256": digest, "index": int(index), "size": len(data)})
        stats["uploads"] += 1
    status = request(first, "GET", f"/api/v1/uploads/{upload_id}", headers=auth, op="upload-status", expect=200)
    body = status.json() if status.status == 200 else {}
    if not body.get("complete") or body.get("sha256") != digest or body.get("recordId") != record:
        fail(f"upload {upload_id}: status on the other server is {body}")


def retrieval(auth, rng):
    with lock:
        if not stats["records"]:
            return
        record = rng.choice(stats["records"])
    opener, reader = (ENTRY_A, ENTRY_B) if rng.random() < 0.5 else (ENTRY_B, ENTRY_A)
    opened = request(opener, "POST", f"/api/v1/records/{record['id']}/retrievals",
                     {"purpose": "case-handling", "purposeText": "集群负载测试读取"}, headers=auth, op="retrieval-open", expect=201)
    if opened.status != 201:
        return
    url = opened.json()["contentUrl"]
    content = request(reader, "GET", url, headers=auth, op="retrieval-read", expect=200)
    if content.status == 200 and hashlib.sha256(content.body).hexdigest() != record["sha256"]:
        fail(f"record {record['id']}: content read on the other server differs")
    with lock:
        stats["retrievals"] += 1


def publication(leader, legal, officers, rng):
    officer = rng.choice(officers)
    drafted = request(ENTRY, "POST", f"/api/v1/publications/from-officer/{officer}", headers=leader,
                      op="publication-draft", expect=(201, 409, 422))
    if drafted.status != 201:
        return
    pid = drafted.json()["id"]
    for who, step, expect_state in ((leader, "submit", None), (legal, "approve", None), (leader, "publish", None)):
        response = request(ENTRY, "POST", f"/api/v1/publications/{pid}/{step}", headers=who, op=f"publication-{step}", expect=200)
        if response.status != 200:
            return
    state = response.json().get("state")
    if state not in ("published", "publicity"):
        # The state slug is checked loosely; what matters is that every step was accepted once.
        pass
    with lock:
        stats["publications"] += 1


def ledger_read(rng):
    response = request(ENTRY, "GET", "/ledger/checkpoint", op="ledger-checkpoint", expect=200)
    if response.status != 200:
        return
    note = response.body.decode()
    lines = note.split("\n")
    size, root = int(lines[1]), lines[2]
    signature = next((line for line in lines if line.startswith("\u2014 ")), "")
    key = signature.split(" ")[1] + ":" + base64.b64decode(signature.split(" ")[2])[:4].hex() if signature else "?"
    with lock:
        seen = stats["checkpoints"].get(size)
        if seen and seen[0] != root:
            fail(f"two roots for tree size {size}: {seen[0]} and {root} (a fork)")
        stats["checkpoints"][size] = (root, key, response.upstream)
    if size > 0 and rng.random() < 0.5:
        index = rng.randrange(size)
        entry = request(ENTRY, "GET", f"/ledger/entries/{index}", op="ledger-entry", expect=200)
        if entry.status == 200:
            body = entry.json()
            leaf = base64.b64decode(body["leaf"])
            if hashlib.sha256(b"\x00" + leaf).hexdigest() != body["leafHash"]:
                fail(f"entry {index}: leaf does not hash to its leafHash")


def worker(number, deadline, auth, leader, legal, officers):
    rng = random.Random(number * 7919 + int(time.time()))
    operations = [("upload", 3), ("publication", 2), ("retrieval", 2), ("ledger", 3)]
    names = [name for name, weight in operations for _ in range(weight)]
    while time.time() < deadline:
        name = rng.choice(names)
        try:
            if name == "upload":
                upload(auth, rng)
            elif name == "publication":
                publication(leader, legal, officers, rng)
            elif name == "retrieval":
                retrieval(auth, rng)
            else:
                ledger_read(rng)
            count("ops", name)
        except Exception as error:  # noqa: BLE001 — every failure is reported, none stops the run
            fail(f"{name}: {error!r}")


def main():
    started = time.time()
    check_tokens_and_cookies()
    # One token per person for the whole run (made on one server, used on both): officer-certificate
    # items are drafted and published by the legal section, so one legal account drafts and
    # publishes, another approves (never the drafter, SPEC P11).
    auth, _ = sign_in(ENTRY_B, USERS["officer"])
    leader, _ = sign_in(ENTRY_A, USERS["leader"])
    legal, _ = sign_in(ENTRY_B, USERS["legal"])
    officers = USERS["officers"]
    deadline = time.time() + SECONDS
    threads = [threading.Thread(target=worker, args=(n, deadline, auth, leader, legal, officers)) for n in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.time() - started

    # The final tree, and every checkpoint seen proved a prefix of it.
    ledger_read(random.Random(0))
    final_size = max(stats["checkpoints"])
    final_root = base64.b64decode(stats["checkpoints"][final_size][0])
    keys = {value[1] for value in stats["checkpoints"].values()}
    if len(keys) != 1:
        fail(f"checkpoints signed by more than one key: {keys}")
    proved = 0
    for size, (root, _, _) in sorted(stats["checkpoints"].items()):
        if size == 0 or size == final_size:
            continue
        response = request(ENTRY, "GET", f"/ledger/proof/consistency?from={size}&to={final_size}", op="consistency", expect=200)
        hashes = [base64.b64decode(h) for h in response.json()["hashes"]]
        if not verify_consistency(size, final_size, hashes, base64.b64decode(root), final_root):
            fail(f"checkpoint of size {size} is not consistent with the final tree of size {final_size}")
        proved += 1
    indexes = stats["acked_indexes"]
    if len(set(indexes)) != len(indexes):
        fail(f"an acknowledged ledger index was given twice: {sorted(i for i in indexes if indexes.count(i) > 1)}")
    for record in stats["records"]:
        if record["index"] >= final_size:
            fail(f"record {record['id']}: acknowledged index {record['index']} beyond the final tree {final_size}")
            continue
        entry = request(ENTRY, "GET", f"/ledger/entries/{record['index']}", op="acked-entry", expect=200).json()
        leaf = json.loads(base64.b64decode(entry["leaf"]))
        if leaf.get("type") != "record.ingested" or leaf.get("recordId") != record["id"]:
            fail(f"record {record['id']}: ledger entry {record['index']} is {leaf.get('type')} for {leaf.get('recordId')}")
    upstreams = stats["upstreams"]
    if len(upstreams) < 2:
        fail(f"the load reached only {list(upstreams)}")
    summary = {
        "seconds": round(elapsed, 1), "workers": WORKERS, "uploads": stats["uploads"], "uploadBytes": sum(r["size"] for r in stats["records"]),
        "crossServerPatches": stats["cross_server_patches"], "publications": stats["publications"], "retrievals": stats["retrievals"],
        "operations": stats["ops"], "answers": stats["status"], "upstreams": upstreams,
        "checkpointsSeen": len(stats["checkpoints"]), "consistencyProofsVerified": proved, "finalTreeSize": final_size,
        "ackedIndexes": len(indexes), "failures": stats["failures"],
    }
    json.dump(summary, open(OUT, "w"), indent=2, ensure_ascii=False)
    print(json.dumps({k: v for k, v in summary.items() if k not in ("answers",)}, ensure_ascii=False), flush=True)
    if stats["failures"]:
        print(f"{len(stats['failures'])} failure(s)", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
