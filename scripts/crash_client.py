#!/usr/bin/env python3
"""The load client of the crash campaign and the soak (issue 17 item 4; docs/reliability.md).

Python standard library only. Keeps an acknowledgement journal (JSON lines, fsync'd) in a
directory that survives the server's deaths:

  python3 crash_client.py setup   BASE DIR   # once: case, activity (needs DIR/creds.json)
  python3 crash_client.py load    BASE DIR [--seconds S] [--rate R] [--strict]
  python3 crash_client.py check   BASE DIR [--full]

`load` runs concurrent workers until the server dies (a connection error) or S seconds pass:
  * two uploaders: resumable uploads of 8 KiB–384 KiB in 1–4 PATCHes (tus style), first
    resuming any upload a previous run left unfinished (from HEAD's offset);
  * a document writer: 现场检查记录 documents (POST /api/v1/records/documents);
  * a publisher: before-enforcement items drafted and submitted by legal-section user A,
    approved by user B (four eyes), published by A — each step acknowledged on its own;
  * a reader: opens (retrieval.logged) and reads back acknowledged records, checks their SHA-256,
    and fetches signed checkpoints, which it journals.
Every write is journalled as an attempt before it is sent and as an acknowledgement when its
answer arrives. With --strict (the soak) any non-2xx answer or connection error is a failure.

`check` (after a restart) verifies against the journal:
  * the ledger's current checkpoint is consistent with every checkpoint the client saw (RFC 9162
    consistency proofs from /ledger/proof/consistency, recomputed here);
  * every acknowledged record exists, names its content hash, and its ledger entry (the
    acknowledged index) is the record's record.ingested leaf, included in the current tree
    (inclusion proof); acknowledged uploads answer HEAD with their whole length;
  * every acknowledged upload offset survived (HEAD offset >= acknowledged offset);
  * every acknowledged publication step is in the publication's history;
  * nothing unacknowledged is half there: an upload whose final PATCH got no answer is either
    complete with its record (whose ledger entry names it) or not complete and without a record;
    a publication's state is the state its last history step led to.
Without --full, the records checked are the ones acknowledged since the last check plus a random
sample of 40 older ones; --full checks every one. Prints one line of figures; exit 1 on a finding.
"""
import base64
import hashlib
import http.client
import json
import os
import random
import sys
import threading
import time
import uuid

from rfc9162 import verify_consistency, verify_inclusion

MP4_HEAD = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"


class ServerGone(Exception):
    pass


class Failure(Exception):
    pass


class Client:
    """One keep-alive HTTP connection (one per thread)."""

    def __init__(self, base, timeout=30):
        assert base.startswith("http://")
        hostport = base[len("http://"):].rstrip("/")
        host, port = hostport.split(":")
        self.host, self.port, self.timeout = host, int(port), timeout
        self.conn = None

    def request(self, method, path, body=None, headers=None, token=None):
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = "Bearer " + token
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
                if resp.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
            except (ConnectionError, http.client.HTTPException, OSError) as error:
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                # A kept-alive connection the server closed between requests: retry once, but only
                # requests that were never sent can be retried safely; writes are not retried.
                if attempt == 0 and isinstance(error, (http.client.RemoteDisconnected, BrokenPipeError)) and method in ("GET", "HEAD"):
                    continue
                raise ServerGone(f"{method} {path}: {error!r}")

    def json(self, method, path, body=None, token=None, expect=(200, 201)):
        status, headers, data = self.request(method, path, body=body, token=token)
        if status not in expect:
            raise Failure(f"{method} {path}: {status} {data[:300]!r}")
        return json.loads(data) if data else None


class Journal:
    def __init__(self, directory):
        self.path = os.path.join(directory, "journal.jsonl")
        self.lock = threading.Lock()
        self.file = open(self.path, "a", encoding="utf-8")

    def write(self, **entry):
        entry["t"] = round(time.time(), 3)
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
        with self.lock:
            self.file.write(line)
            self.file.flush()
            os.fsync(self.file.fileno())

    @staticmethod
    def read(directory):
        path = os.path.join(directory, "journal.jsonl")
        entries = []
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    line = line.strip()
                    if line:
                        try:
                            entries.append(json.loads(line))
                        except json.JSONDecodeError:
                            pass  # a line torn by the client's own death; never an acknowledgement
        return entries


def parse_checkpoint(text):
    lines = text.split("\n")
    return int(lines[1]), lines[2]  # size, base64 root


# --- setup -------------------------------------------------------------------------------------

TOKENS_LOCK = threading.Lock()


def sign_in(client, creds, who, directory=None):
    """A bearer token for `who`: the one kept in DIR/tokens.json if it still works (signing in
    costs a password hash, slow in a debug build), else a new session."""
    directory = directory or creds.get("_directory")
    path = os.path.join(directory, "tokens.json") if directory else None
    with TOKENS_LOCK:
        tokens = json.load(open(path)) if path and os.path.exists(path) else {}
    token = tokens.get(who)
    if token:
        status, _, _ = client.request("GET", "/api/v1/publicity/policy", token=token)
        if status == 200:
            return token
    token = client.json("POST", "/api/v1/sessions", {"username": creds[who]["username"], "password": creds[who]["password"]})["token"]
    if path:
        with TOKENS_LOCK:
            tokens = json.load(open(path)) if os.path.exists(path) else {}
            tokens[who] = token
            with open(path + ".new", "w") as f:
                json.dump(tokens, f)
            os.replace(path + ".new", path)
    return token


def setup(base, directory):
    creds = json.load(open(os.path.join(directory, "creds.json")))
    creds["_directory"] = directory
    client = Client(base)
    officer = sign_in(client, creds, "officer")
    legal = sign_in(client, creds, "legalA")
    counterparty = client.json("GET", "/api/v1/counterparties", token=officer)["items"][0]["id"]
    units = client.json("GET", "/api/v1/officers", token=legal)
    items = units["items"] if isinstance(units, dict) else units
    brigade_officers = [o for o in items if o.get("unitKind", "") == "enforcement-brigade"] or items
    unit = creds["unitId"]
    officers = creds["officerIds"]
    case = client.json("POST", "/api/v1/cases", {
        "number": f"普应急检〔2026〕{random.randint(10000, 99999)}号", "title": "崩溃测试检查", "kind": "inspection",
        "counterpartyId": counterparty, "unitId": unit, "openedOn": "2026-03-02"}, token=officer)["id"]
    activity = client.json("POST", "/api/v1/activities", {
        "caseId": case, "kind": "inspection", "procedure": "general",
        "site": {"address": "上海市普陀区真北路1888号", "highRisk": False}, "isOnSite": True,
        "officerIds": officers, "startedAt": "2026-03-02T02:30:00Z", "endedAt": "2026-03-02T03:30:00Z"}, token=officer)["id"]
    templates = client.json("GET", "/api/v1/templates", token=officer)
    templates = templates["items"] if isinstance(templates, dict) else templates
    template = next(t for t in templates if "检查记录" in t.get("name", t.get("title", ""))) if any(
        "检查记录" in t.get("name", t.get("title", "")) for t in templates) else templates[0]
    values = {}
    for field in template["fields"]:
        if field["required"]:
            values[field["key"]] = {"date": "2026-03-02", "date-time": "2026-03-02 09:00", "number": "2"}.get(field["kind"], "检查内容")
    state = {"caseId": case, "activityId": activity, "unitId": unit, "personId": officers[0],
             "templateId": template["id"], "values": values, "counterpartyId": counterparty}
    with open(os.path.join(directory, "state.json"), "w") as f:
        json.dump(state, f, ensure_ascii=False)
    print(f"setup: case {case}, activity {activity}, template {template['id']}")


# --- load --------------------------------------------------------------------------------------

class Load:
    def __init__(self, base, directory, seconds, strict, rate):
        self.base, self.directory, self.strict, self.rate = base, directory, strict, rate
        self.creds = json.load(open(os.path.join(directory, "creds.json")))
        self.creds["_directory"] = directory
        self.state = json.load(open(os.path.join(directory, "state.json")))
        self.journal = Journal(directory)
        self.deadline = time.time() + seconds if seconds else None
        self.stop = threading.Event()
        self.errors = []
        self.counts = {}
        self.lock = threading.Lock()
        self.history = Journal.read(directory)
        # Records the reader may open: those acknowledged before and those acknowledged now.
        self.records = [e for e in self.history if e.get("op") == "upload-done" and e.get("record")]

    def count(self, key):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1

    def running(self):
        if self.stop.is_set():
            return False
        if self.deadline and time.time() >= self.deadline:
            self.stop.set()
            return False
        return True

    def pause(self):
        if self.rate:
            time.sleep(random.uniform(0.5, 1.5) / self.rate)
        else:
            time.sleep(random.uniform(0, 0.05))

    def worker(self, name, body):
        try:
            body()
        except ServerGone as gone:
            if self.strict:
                self.errors.append(f"{name}: {gone}")
            self.stop.set()
        except Failure as failure:
            self.errors.append(f"{name}: {failure}")
            self.stop.set()
        except Exception as error:  # a bug in the client is a failure too
            self.errors.append(f"{name}: {error!r}")
            self.stop.set()

    # uploads

    def unfinished_uploads(self, mine):
        """Uploads a previous run created and did not see completed (to resume from HEAD)."""
        created, done = {}, set()
        for e in self.history:
            if e.get("op") == "upload-created" and e.get("worker") == mine:
                created[e["upload"]] = e
            elif e.get("op") in ("upload-done", "upload-gone"):
                done.add(e["upload"])
        return [e for u, e in created.items() if u not in done]

    def patch(self, client, token, upload, offset, chunk):
        self.journal.write(op="patch-attempt", upload=upload, offset=offset, length=len(chunk))
        status, headers, data = client.request("PATCH", f"/api/v1/uploads/{upload}", body=chunk, token=token, headers={
            "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"})
        return status, headers, data

    def send_upload(self, client, token, upload, content, offset, worker):
        length = len(content)
        while offset < length and self.running():
            pieces = random.randint(1, 3)
            end = length if pieces == 1 else min(length, offset + max(1, (length - offset) // pieces))
            status, headers, data = self.patch(client, token, upload, offset, content[offset:end])
            if status != 204:
                raise Failure(f"PATCH {upload} at {offset}: {status} {data[:300]!r}")
            acked = int(headers["upload-offset"])
            if acked != end:
                raise Failure(f"PATCH {upload}: acknowledged offset {acked}, sent up to {end}")
            if acked == length:
                record = headers.get("lawtrail-record-id")
                digest = headers.get("lawtrail-sha256")
                index = headers.get("lawtrail-ledger-index")
                if not record or digest != hashlib.sha256(content).hexdigest():
                    raise Failure(f"final PATCH {upload}: record {record}, sha256 {digest}")
                self.journal.write(op="upload-done", upload=upload, record=record, sha256=digest, length=length,
                                   ledgerIndex=int(index) if index is not None else None, worker=worker)
                with self.lock:
                    self.records.append({"record": record, "sha256": digest})
                self.count("uploads")
            else:
                self.journal.write(op="upload-offset", upload=upload, offset=acked)
                self.count("patches")
            offset = acked
            self.pause()

    def uploader(self, worker):
        client = Client(self.base)
        token = sign_in(client, self.creds, "officer")
        # Resume what the last run left (its content is kept beside the journal).
        for e in self.unfinished_uploads(worker):
            if not self.running():
                return
            path = os.path.join(self.directory, "content", e["upload"])
            if not os.path.exists(path):
                continue
            content = open(path, "rb").read()
            status, headers, _ = client.request("HEAD", f"/api/v1/uploads/{e['upload']}", token=token)
            if status in (404, 410):
                self.journal.write(op="upload-gone", upload=e["upload"], status=status)
                continue
            if status != 200:
                raise Failure(f"HEAD {e['upload']}: {status}")
            offset = int(headers["upload-offset"])
            if offset == len(content):
                # Complete (maybe completed at start-up): the final PATCH repeated gives the record.
                status, headers, data = self.patch(client, token, e["upload"], offset, b"")
                if status != 204:
                    raise Failure(f"repeated final PATCH {e['upload']}: {status} {data[:200]!r}")
                self.journal.write(op="upload-done", upload=e["upload"], record=headers.get("lawtrail-record-id"),
                                   sha256=headers.get("lawtrail-sha256"), length=len(content),
                                   ledgerIndex=None, worker=worker)
                self.count("uploads-resumed")
                continue
            self.count("uploads-resumed")
            self.send_upload(client, token, e["upload"], content, offset, worker)
        while self.running():
            length = random.randint(8 * 1024, 384 * 1024)
            content = MP4_HEAD + os.urandom(length - len(MP4_HEAD))
            digest = hashlib.sha256(content).hexdigest()
            self.journal.write(op="upload-create-attempt", sha256=digest, worker=worker)
            created = client.json("POST", "/api/v1/uploads", {
                "length": length, "sha256": digest, "mimeType": "video/mp4", "form": "media",
                "activityId": self.state["activityId"]}, token=token, expect=(201,))
            upload = created["id"]
            os.makedirs(os.path.join(self.directory, "content"), exist_ok=True)
            with open(os.path.join(self.directory, "content", upload), "wb") as f:
                f.write(content)
                f.flush()
                os.fsync(f.fileno())
            self.journal.write(op="upload-created", upload=upload, sha256=digest, length=length, worker=worker)
            self.send_upload(client, token, upload, content, 0, worker)

    # documents

    def documents(self):
        client = Client(self.base)
        token = sign_in(client, self.creds, "officer")
        while self.running():
            attempt = uuid.uuid4().hex
            self.journal.write(op="document-attempt", attempt=attempt)
            body = client.json("POST", "/api/v1/records/documents", {
                "activityId": self.state["activityId"], "templateId": self.state["templateId"],
                "values": self.state["values"]}, token=token, expect=(201,))
            self.journal.write(op="document-done", attempt=attempt, record=body["record"]["id"], ledgerIndex=body["ledgerIndex"])
            self.count("documents")
            self.pause()

    # publications

    def publication_step(self, client, token, pub, step, path, body=None):
        self.journal.write(op="pub-attempt", publication=pub, step=step)
        result = client.json("POST", path, body, token=token, expect=(200, 201))
        history = [h["kind"] for h in result["history"]]
        if step not in history:
            raise Failure(f"publication {pub}: {step} acknowledged but not in its history {history}")
        self.journal.write(op="pub-step", publication=pub, step=step, state=result["state"])
        self.count("publication-steps")
        return result

    def publisher(self):
        client = Client(self.base)
        a = sign_in(client, self.creds, "legalA")
        b = sign_in(client, self.creds, "legalB")
        # Continue the publications a previous run left half-way.
        steps = {}
        for e in self.history:
            if e.get("op") == "pub-step":
                steps.setdefault(e["publication"], []).append(e["step"])
        order = ["drafted", "submitted", "approved", "published"]
        for pub, done in steps.items():
            if "published" in done or not self.running():
                continue
            current = client.json("GET", f"/api/v1/publications/{pub}", token=a)
            seen = [h["kind"] for h in current["history"]]
            for step in order[order.index(seen[-1]) + 1:] if seen[-1] in order else []:
                if not self.running():
                    return
                self.advance(client, a, b, pub, step)
        while self.running():
            self.journal.write(op="pub-attempt", publication=None, step="drafted")
            drafted = client.json("POST", "/api/v1/publications", {
                "kind": "power-item", "content": {
                    "title": f"对工贸企业的行政检查（{random.randint(1, 10**9)}）", "fields": {"事项类别": "行政检查"},
                    "disclosure": {"legalBasis": "《中华人民共和国安全生产法》第六十五条"},
                    "unitId": self.state["unitId"], "personId": self.state["personId"]}}, token=a, expect=(201,))
            pub = drafted["id"]
            self.journal.write(op="pub-step", publication=pub, step="drafted", state=drafted["state"])
            self.count("publication-steps")
            for step in ("submitted", "approved", "published"):
                if not self.running():
                    return
                self.pause()
                self.advance(client, a, b, pub, step)

    def advance(self, client, a, b, pub, step):
        if step == "submitted":
            self.publication_step(client, a, pub, step, f"/api/v1/publications/{pub}/submit")
        elif step == "approved":
            self.publication_step(client, b, pub, step, f"/api/v1/publications/{pub}/approve", {"category": "before-enforcement"})
        elif step == "published":
            self.publication_step(client, a, pub, step, f"/api/v1/publications/{pub}/publish")

    # reads

    def reader(self):
        client = Client(self.base)
        token = sign_in(client, self.creds, "officer")
        while self.running():
            status, _, data = client.request("GET", "/ledger/checkpoint")
            if status != 200:
                raise Failure(f"GET /ledger/checkpoint: {status}")
            size, root = parse_checkpoint(data.decode())
            self.journal.write(op="checkpoint", size=size, root=root)
            self.count("checkpoints")
            with self.lock:
                e = random.choice(self.records) if self.records else None
            if e:
                self.journal.write(op="retrieval-attempt", record=e["record"])
                opened = client.json("POST", f"/api/v1/records/{e['record']}/retrievals", {"purpose": "case-handling"},
                                     token=token, expect=(201,))
                self.journal.write(op="retrieval-done", record=e["record"], retrieval=opened["retrievalId"])
                status, _, content = client.request("GET", opened["contentUrl"], token=token)
                if status != 200 or hashlib.sha256(content).hexdigest() != e["sha256"]:
                    raise Failure(f"record {e['record']}: content {status}, SHA-256 {hashlib.sha256(content).hexdigest()} != {e['sha256']}")
                self.count("retrievals")
            self.pause()

    def run(self):
        threads = [threading.Thread(target=self.worker, args=(n, f)) for n, f in [
            ("uploader-1", lambda: self.uploader("u1")), ("uploader-2", lambda: self.uploader("u2")),
            ("documents", self.documents), ("publisher", self.publisher), ("reader", self.reader)]]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        summary = " ".join(f"{k}={v}" for k, v in sorted(self.counts.items()))
        print(f"load: {summary or 'nothing acknowledged'}" + (f"; errors: {self.errors}" if self.errors else ""))
        return 1 if self.errors else 0


# --- check -------------------------------------------------------------------------------------

def check(base, directory, full):
    creds = json.load(open(os.path.join(directory, "creds.json")))
    creds["_directory"] = directory
    entries = Journal.read(directory)
    marker_path = os.path.join(directory, "checked-upto")
    checked_upto = float(open(marker_path).read()) if os.path.exists(marker_path) else 0.0
    client = Client(base, timeout=60)
    officer = sign_in(client, creds, "officer")
    legal = sign_in(client, creds, "legalA")
    findings = []
    figures = {}

    status, _, data = client.request("GET", "/ledger/checkpoint")
    if status != 200:
        raise Failure(f"GET /ledger/checkpoint: {status}")
    size, root_b64 = parse_checkpoint(data.decode())
    root = base64.b64decode(root_b64)

    # Checkpoints: every one seen must be a prefix of today's tree.
    seen = {}
    for e in entries:
        if e.get("op") == "checkpoint" and (full or e["t"] > checked_upto or e is entries[-1]):
            seen.setdefault(e["size"], set()).add(e["root"])
    if not full:
        # and the largest one seen before (consistency is transitive: it covers all older ones).
        older = [e for e in entries if e.get("op") == "checkpoint" and e["t"] <= checked_upto]
        if older:
            top = max(older, key=lambda e: e["size"])
            seen.setdefault(top["size"], set()).add(top["root"])
    for m, roots in sorted(seen.items()):
        if len(roots) > 1:
            findings.append(f"two roots for size {m}: {roots}")
            continue
        old_root = base64.b64decode(next(iter(roots)))
        if m > size:
            findings.append(f"checkpoint of size {m} was seen, the ledger now has {size} entries (lost entries)")
            continue
        if m == 0:
            continue
        proof = client.json("GET", f"/ledger/proof/consistency?from={m}&to={size}")
        hashes = [base64.b64decode(h) for h in proof["hashes"]]
        if not verify_consistency(m, size, hashes, old_root, root):
            findings.append(f"checkpoint {m} is not consistent with {size}")
    figures["checkpoints"] = len(seen)

    def leaf(index):
        entry = client.json("GET", f"/ledger/entries/{index}")
        raw = base64.b64decode(entry["leaf"])
        proof = client.json("GET", f"/ledger/proof/inclusion?index={index}&size={size}")
        if not verify_inclusion(index, size, hashlib.sha256(b"\x00" + raw).digest(),
                                [base64.b64decode(h) for h in proof["hashes"]], root):
            findings.append(f"ledger entry {index}: inclusion proof does not reach the checkpoint's root")
        return json.loads(raw)

    # Records: uploads and documents acknowledged.
    done = [e for e in entries if e.get("op") in ("upload-done", "document-done")]
    recent = [e for e in done if e["t"] > checked_upto]
    older = [e for e in done if e["t"] <= checked_upto]
    sample = done if full else recent + random.sample(older, min(40, len(older)))
    record_index = {}
    for e in done:
        if e.get("ledgerIndex") is not None:
            record_index[e["record"].lower()] = e["ledgerIndex"]
    for e in sample:
        rec = e.get("record")
        status, _, data = client.request("GET", f"/api/v1/records/{rec}", token=officer)
        if status != 200:
            findings.append(f"acknowledged record {rec} ({e['op']}): GET {status}")
            continue
        body = json.loads(data)["record"]
        if e["op"] == "upload-done":
            if body.get("blobSHA256") != e["sha256"] or body.get("byteCount") != e["length"]:
                findings.append(f"record {rec}: blob {body.get('blobSHA256')} / {body.get('byteCount')} bytes, acknowledged {e['sha256']} / {e['length']}")
            status, headers, _ = client.request("HEAD", f"/api/v1/uploads/{e['upload']}", token=officer)
            if status != 200 or int(headers.get("upload-offset", -1)) != e["length"]:
                findings.append(f"upload {e['upload']}: HEAD {status} offset {headers.get('upload-offset')} after completion at {e['length']}")
        index = record_index.get(rec.lower())
        if index is not None:
            if index >= size:
                findings.append(f"record {rec}: acknowledged ledger index {index} beyond the tree's {size}")
                continue
            event = leaf(index)
            if event.get("recordId") != rec.lower() or event.get("type") != "record.ingested":
                findings.append(f"ledger entry {index} is {event.get('type')} {event.get('recordId')}, acknowledged for record {rec}")
            elif e["op"] == "upload-done" and event.get("blobSha256") != e["sha256"]:
                findings.append(f"ledger entry {index} names blob {event.get('blobSha256')}, acknowledged {e['sha256']}")
    figures["records"] = len(sample)
    figures["records-acknowledged"] = len(done)

    # Upload offsets acknowledged; unacknowledged final PATCHes.
    offsets, lengths, completed = {}, {}, {}
    for e in entries:
        if e.get("op") == "upload-created":
            lengths[e["upload"]] = e["length"]
        elif e.get("op") == "upload-offset":
            offsets[e["upload"]] = max(offsets.get(e["upload"], 0), e["offset"])
        elif e.get("op") == "upload-done":
            completed[e["upload"]] = e
    open_uploads = [u for u in lengths if u not in completed]
    if not full:
        open_uploads = [u for u in open_uploads if any(
            x.get("upload") == u and x["t"] > checked_upto for x in entries)] or open_uploads[-20:]
    for u in open_uploads:
        status, headers, _ = client.request("HEAD", f"/api/v1/uploads/{u}", token=officer)
        if status == 410:
            continue  # expired (24 h): nothing promised any more
        if status != 200:
            findings.append(f"acknowledged upload {u}: HEAD {status}")
            continue
        offset = int(headers["upload-offset"])
        if offset < offsets.get(u, 0):
            findings.append(f"upload {u}: HEAD offset {offset} below the acknowledged {offsets[u]}")
        status, _, data = client.request("GET", f"/api/v1/uploads/{u}", token=officer)
        info = json.loads(data) if status == 200 else {}
        if info.get("complete"):
            # Completed though unacknowledged: all of it, with its record and ledger entry.
            rec = info.get("recordId") or info.get("recordID")
            if offset != lengths[u]:
                findings.append(f"upload {u}: complete at offset {offset} of {lengths[u]}")
            if rec:
                status, _, data = client.request("GET", f"/api/v1/records/{rec}", token=officer)
                if status != 200:
                    findings.append(f"upload {u} complete but its record {rec} answers {status}")
        elif offset > lengths[u]:
            findings.append(f"upload {u}: offset {offset} beyond its length {lengths[u]}")
    figures["open-uploads"] = len(open_uploads)
    figures["offsets-acknowledged"] = len(offsets)

    # Publication steps.
    steps = {}
    for e in entries:
        if e.get("op") == "pub-step":
            steps.setdefault(e["publication"], []).append(e)
    pubs = list(steps) if full else [p for p, s in steps.items() if any(x["t"] > checked_upto for x in s)] + \
        random.sample(list(steps), min(10, len(steps)))
    step_count = 0
    for pub in dict.fromkeys(pubs):
        status, _, data = client.request("GET", f"/api/v1/publications/{pub}", token=legal)
        if status != 200:
            findings.append(f"acknowledged publication {pub}: GET {status}")
            continue
        body = json.loads(data)
        history = [h["kind"] for h in body["history"]]
        for e in steps[pub]:
            step_count += 1
            if e["step"] not in history:
                findings.append(f"publication {pub}: acknowledged step {e['step']} missing from {history}")
        last = body["history"][-1]
        if last.get("to") and last["to"] != body["state"] and not (isinstance(last["to"], dict) and last["to"].get("slug") == body["state"]):
            # state and history must agree: a step is either entirely there or not at all
            if json.dumps(last["to"], sort_keys=True) != json.dumps(body["state"], sort_keys=True):
                findings.append(f"publication {pub}: state {body['state']} but last step led to {last['to']}")
    figures["publication-steps"] = step_count

    with open(marker_path + ".new", "w") as f:
        f.write(str(max((e["t"] for e in entries), default=0.0)))
    os.replace(marker_path + ".new", marker_path)
    acks = sum(1 for e in entries if e.get("op") in ("upload-done", "document-done", "upload-offset", "pub-step", "retrieval-done", "upload-created"))
    print(f"check: ledger size {size}; " + " ".join(f"{k}={v}" for k, v in figures.items())
          + f" acknowledged-writes-total={acks} findings={len(findings)}")
    for f in findings:
        print("FINDING " + f)
    return 1 if findings else 0


def main():
    args = sys.argv[1:]
    if len(args) < 3:
        print(__doc__)
        return 2
    command, base, directory = args[0], args[1], args[2]
    os.makedirs(directory, exist_ok=True)
    if command == "setup":
        setup(base, directory)
        return 0
    if command == "load":
        seconds = float(args[args.index("--seconds") + 1]) if "--seconds" in args else None
        rate = float(args[args.index("--rate") + 1]) if "--rate" in args else None
        return Load(base, directory, seconds, "--strict" in args, rate).run()
    if command == "check":
        try:
            return check(base, directory, "--full" in args)
        except (Failure, ServerGone) as error:
            print(f"FINDING check could not run: {error}")
            return 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
