#!/usr/bin/env python3
"""Storage faults injected into a running `lawtrail serve` (issue 17 item 4; docs/reliability.md
"Faults"). Python standard library, strace (Debian) and, for the full disk, root (tmpfs).

  python3 scripts/fault_injection.py WORKDIR [--bin PATH] [--port N] [--only NAME] [--no-full-disk]

For every scenario: the server runs normally; strace attaches to all its threads and makes one
system call fail (`-e inject=SYSCALL:error=EIO|ENOSPC`), limited with `-P` to the SQLite files or
to one upload's partial file where the call is also used for sockets (write, pwrite64); then:

  * writes are tried: a document (a database transaction with its ledger event), an upload's
    creation and, for the partial-file scenarios, a PATCH into the failing file, or a whole upload
    (its completion links the blob: link/linkat; rename/renameat are injected too);
  * each refused write must be a problem+json answer `507 insufficient-storage` (ENOSPC) or
    `503 storage-failed` (EIO) with a Chinese `detail` — a bare `500 internal-error` is a defect;
    a write answered 2xx during the fault is acknowledged like any other;
  * reads must keep working: /healthz, /ledger/checkpoint, an existing record, HEAD of an upload;

strace detaches (the fault ends) and then:

  * writes are accepted again (a document, a whole upload), the upload hit by the fault resumes
    from HEAD's offset (>= the acknowledged one) to its SHA-256;
  * every write acknowledged so far is still there (record, content hash, ledger entry naming it),
    and at the end `lawtrail verify` is clean.

The full disk: the data directory on a 64 MiB tmpfs; uploads until the disk is full (the refusal
must be a problem+json 5xx, nothing acknowledged lost, reads served); then the tmpfs is grown
(`mount -o remount,size=…`: the fault ends) and writes must be accepted again.

Prints one line per scenario (what the client saw) and exits 1 on any defect.
"""
import base64
import hashlib
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from crash_client import Client, MP4_HEAD, parse_checkpoint, sign_in  # noqa: E402

ARGS = sys.argv[1:]


def option(name, default=None):
    return ARGS[ARGS.index(name) + 1] if name in ARGS else default


WORK = os.path.abspath(ARGS[0]) if ARGS and not ARGS[0].startswith("--") else None
BIN = os.path.abspath(option("--bin", ".build/debug/lawtrail"))
PORT = int(option("--port", "18197"))
ONLY = option("--only")
BASE = f"http://127.0.0.1:{PORT}"
HERE = os.path.dirname(os.path.abspath(__file__))

defects = []
acknowledged = []  # (kind, record id, sha256 or None, ledger index)


def defect(text):
    defects.append(text)
    print("DEFECT " + text, flush=True)


class Server:
    def __init__(self, data, log):
        self.data, self.log, self.proc = data, log, None

    def start(self, demo=True):
        out = open(self.log, "a")
        self.proc = subprocess.Popen([BIN, "serve"] + (["--demo"] if demo else []) + ["--port", str(PORT), "--data-dir", self.data],
                                     stdout=out, stderr=subprocess.STDOUT)
        client = Client(BASE, timeout=5)
        for _ in range(1200):
            try:
                if client.request("GET", "/healthz")[0] == 200:
                    return
            except Exception:
                pass
            if self.proc.poll() is not None:
                raise SystemExit(f"server stopped while starting (see {self.log})")
            time.sleep(0.1)
        raise SystemExit("server did not start")

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Strace:
    """strace attached to every thread of `pid`, failing `syscalls` with `errno` (on `paths` only)."""

    def __init__(self, pid, syscalls, errno, paths, log):
        tasks = os.listdir(f"/proc/{pid}/task")
        spec = ",".join(syscalls)
        command = ["strace", "-f", "-qq", "-o", log, "-e", f"trace={spec}", "-e", f"inject={spec}:error={errno}"]
        for path in paths:
            command += ["-P", path]
        for task in tasks:
            command += ["-p", task]
        self.proc = subprocess.Popen(command, stderr=subprocess.DEVNULL)
        time.sleep(1.5 + len(tasks) * 0.02)  # attaching every thread takes a moment
        self.log = log

    def injected(self):
        try:
            return sum(1 for line in open(self.log) if "(INJECTED)" in line)
        except FileNotFoundError:
            return 0

    def detach(self):
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        time.sleep(0.3)


def problem_ok(status, headers, body):
    """A refusal the client can act on: problem+json, 5xx, a type and a Chinese detail."""
    if not 500 <= status < 600:
        return False, f"status {status}"
    if not headers.get("content-type", "").startswith("application/problem+json"):
        return False, f"content-type {headers.get('content-type')}"
    try:
        problem = json.loads(body)
    except ValueError:
        return False, "body is not JSON"
    detail = problem.get("detail", "")
    if not any("\u4e00" <= c <= "\u9fff" for c in detail):
        return False, f"problem {problem}"
    # A storage fault says what it is (StorageFault): 507 full, 503 failed; not a bare 500.
    expected = {507: "insufficient-storage", 503: "storage-failed"}.get(status)
    if problem.get("type") != expected:
        return False, f"{status} {problem.get('type')} (not a storage problem)"
    return True, f"{status} {problem['type']}"


class Session:
    def __init__(self, directory):
        self.client = Client(BASE, timeout=60)
        self.creds = json.load(open(os.path.join(directory, "creds.json")))
        self.creds["_directory"] = directory
        self.state = json.load(open(os.path.join(directory, "state.json")))
        self.token = sign_in(self.client, self.creds, "officer")

    def document(self):
        return self.client.request("POST", "/api/v1/records/documents", {
            "activityId": self.state["activityId"], "templateId": self.state["templateId"], "values": self.state["values"]},
            token=self.token)

    def create_upload(self, content):
        return self.client.request("POST", "/api/v1/uploads", {
            "length": len(content), "sha256": hashlib.sha256(content).hexdigest(), "mimeType": "video/mp4",
            "form": "media", "activityId": self.state["activityId"]}, token=self.token)

    def patch(self, upload, offset, chunk):
        return self.client.request("PATCH", f"/api/v1/uploads/{upload}", body=chunk, token=self.token, headers={
            "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"})

    def head(self, upload):
        status, headers, _ = self.client.request("HEAD", f"/api/v1/uploads/{upload}", token=self.token)
        return status, int(headers.get("upload-offset", -1))

    def note_document(self, status, body):
        if status == 201:
            data = json.loads(body)
            acknowledged.append(("document", data["record"]["id"], None, data.get("ledgerIndex")))
            return True
        return False

    def note_upload_done(self, status, headers, content):
        if status == 204 and headers.get("lawtrail-record-id"):
            index = headers.get("lawtrail-ledger-index")
            acknowledged.append(("upload", headers["lawtrail-record-id"], hashlib.sha256(content).hexdigest(),
                                 int(index) if index else None))
            return True
        return False

    def whole_upload(self, size=96 * 1024):
        """An upload from creation to record, in two PATCHes. Returns (stage, status, headers, body)."""
        content = MP4_HEAD + os.urandom(size - len(MP4_HEAD))
        status, headers, body = self.create_upload(content)
        if status != 201:
            return "create", status, headers, body, None
        upload = json.loads(body)["id"]
        half = size // 2
        status, headers, body = self.patch(upload, 0, content[:half])
        if status != 204:
            return "patch-1", status, headers, body, (upload, content, 0)
        status, headers, body = self.patch(upload, half, content[half:])
        if status != 204:
            return "patch-2", status, headers, body, (upload, content, half)
        self.note_upload_done(status, headers, content)
        return "done", status, headers, body, (upload, content, size)

    def resume(self, upload, content, acked):
        status, offset = self.head(upload)
        if status != 200:
            return f"HEAD {status}"
        if offset < acked:
            defect(f"upload {upload}: HEAD offset {offset} below the acknowledged {acked}")
        status, headers, body = self.patch(upload, offset, content[offset:])
        if status != 204 or headers.get("lawtrail-sha256") != hashlib.sha256(content).hexdigest():
            return f"resume from {offset}: {status} {body[:200]!r}"
        self.note_upload_done(status, headers, content)
        return None

    def reads(self, record, upload):
        failures = []
        for method, path in [("GET", "/healthz"), ("GET", "/ledger/checkpoint"), ("GET", f"/api/v1/records/{record}"),
                             ("HEAD", f"/api/v1/uploads/{upload}")]:
            status, _, _ = self.client.request(method, path, token=self.token)
            if status != 200:
                failures.append(f"{method} {path}: {status}")
        return failures

    def check_acknowledged(self):
        status, _, data = self.client.request("GET", "/ledger/checkpoint")
        size, _ = parse_checkpoint(data.decode())
        for kind, record, digest, index in acknowledged:
            status, _, body = self.client.request("GET", f"/api/v1/records/{record}", token=self.token)
            if status != 200:
                defect(f"acknowledged {kind} record {record}: GET {status}")
                continue
            if digest and json.loads(body)["record"].get("blobSHA256") != digest:
                defect(f"acknowledged record {record}: blob differs")
            if index is not None:
                if index >= size:
                    defect(f"record {record}: ledger index {index} beyond the tree's {size}")
                    continue
                entry = json.loads(self.client.request("GET", f"/ledger/entries/{index}")[2])
                leaf = json.loads(base64.b64decode(entry["leaf"]))
                if leaf.get("recordId") != record.lower():
                    defect(f"ledger entry {index} names {leaf.get('recordId')}, acknowledged for {record}")


def scenario(server, session, name, syscalls, errno, target, keep):
    """One injected fault. `target`: 'sqlite' (the database files), 'partial' (an upload's partial
    file), or None (every call of the syscalls: they are not used for sockets)."""
    data = server.data
    pid = server.proc.pid
    # Something to read during the fault, and (for the partial) an upload half acknowledged.
    upload_content = MP4_HEAD + os.urandom(128 * 1024 - len(MP4_HEAD))
    status, _, body = session.create_upload(upload_content)
    assert status == 201, body
    upload = json.loads(body)["id"]
    half = len(upload_content) // 2
    status, headers, body = session.patch(upload, 0, upload_content[:half])
    assert status == 204, body
    acked_offset = int(headers["upload-offset"])
    paths = {"sqlite": [os.path.join(data, "lawtrail.sqlite"), os.path.join(data, "lawtrail.sqlite-wal"),
                        os.path.join(data, "lawtrail.sqlite-shm")],
             "partial": [os.path.join(data, "tmp", "uploads", f"{upload}.part")], None: []}[target]
    record = keep["record"]
    trace = Strace(pid, syscalls, errno, paths, os.path.join(keep["work"], f"strace-{name}.log"))
    seen = []
    try:
        if target == "partial":
            status, headers, body = session.patch(upload, half, upload_content[half:])
            seen.append(("PATCH into the partial", status, headers, body))
            if status == 204:
                session.note_upload_done(status, headers, upload_content)
        else:
            status, headers, body = session.document()
            seen.append(("document", status, headers, body))
            session.note_document(status, body)
            stage, status, headers, body, pending = session.whole_upload()
            seen.append((f"upload ({stage})", status, headers, body))
            if stage != "done" and pending:
                keep["pending"] = pending
        read_failures = session.reads(record, upload)
        alive_during = server.alive()
    finally:
        trace.detach()
    injected = trace.injected()
    answers = []
    for what, status, headers, body in seen:
        if 200 <= status < 300:
            answers.append(f"{what}: {status} (accepted)")
            continue
        ok, text = problem_ok(status, headers, body)
        answers.append(f"{what}: {text}")
        if not ok:
            defect(f"{name}: {what} refused without a clear problem: {text} {body[:200]!r}")
    if not alive_during or not server.alive():
        defect(f"{name}: the server died (exit {server.proc.poll()})")
        return
    if read_failures:
        defect(f"{name}: reads failed during the fault: {read_failures}")
    # The fault has ended: writes are accepted again, the upload resumes.
    after = []
    status, _, body = session.document()
    if not session.note_document(status, body):
        defect(f"{name}: document after the fault: {status} {body[:200]!r}")
    else:
        after.append("document 201")
    stage, status, headers, body, _ = session.whole_upload()
    if stage != "done":
        defect(f"{name}: upload after the fault: {stage} {status} {body[:200]!r}")
    else:
        after.append("upload 204")
    if target == "partial" and not any(status == 204 for _, status, _, _ in seen):
        problem = session.resume(upload, upload_content, acked_offset)
        if problem:
            defect(f"{name}: the upload hit by the fault does not resume: {problem}")
        else:
            after.append("resumed upload 204")
    elif target != "partial":
        problem = session.resume(upload, upload_content, acked_offset)
        if problem:
            defect(f"{name}: the half-sent upload does not resume: {problem}")
        # The upload refused during the fault (any stage after its creation) resumes too.
        if keep.get("pending"):
            refused_upload, content, acked = keep.pop("pending")
            problem = session.resume(refused_upload, content, acked)
            if problem:
                defect(f"{name}: the upload refused during the fault does not resume: {problem}")
            else:
                after.append("refused upload resumed 204")
    print(f"{name}: {injected} call(s) failed with {errno}; during: {'; '.join(answers)}; reads ok: {not read_failures}; "
          f"after: {', '.join(after) or 'NOTHING'}", flush=True)


def setup_data(work, data, server):
    journal = os.path.join(work, "client")
    os.makedirs(journal, exist_ok=True)
    db = os.path.join(data, "lawtrail.sqlite")
    unit = subprocess.check_output(["sqlite3", db, "SELECT lower(id) FROM units WHERE kind = 'enforcement-brigade' LIMIT 1"], text=True).strip()
    officers = subprocess.check_output(["sqlite3", db, "SELECT lower(id) FROM officers WHERE unit_id = (SELECT id FROM units WHERE kind = 'enforcement-brigade' LIMIT 1) ORDER BY name LIMIT 2"], text=True).split()
    creds = {"unitId": unit, "officerIds": officers}
    for name, role in (("officer", "officer"), ("legalA", "legal-section"), ("legalB", "legal-section")):
        password = f"fault-{name}-{os.getpid()}"
        subprocess.run([BIN, "user", "add", "--username", f"fault-{name}", "--role", role, "--password-stdin", "--data-dir", data],
                       input=password + "\n", text=True, check=True, stdout=subprocess.DEVNULL)
        creds[name] = {"username": f"fault-{name}", "password": password}
    json.dump(creds, open(os.path.join(journal, "creds.json"), "w"))
    subprocess.run([sys.executable, os.path.join(HERE, "crash_client.py"), "setup", BASE, journal], check=True, stdout=subprocess.DEVNULL)
    return journal


def verify(data):
    result = subprocess.run([BIN, "verify", "--data-dir", data], capture_output=True, text=True)
    summary = " ".join(line for line in result.stdout.splitlines() if line.startswith(("ledger", "records", "publications")))
    if result.returncode != 0 or "extra" in result.stdout:
        defect(f"lawtrail verify: {result.stdout[-2000:]}")
    return summary


def strace_scenarios(work):
    data = os.path.join(work, "data")
    server = Server(data, os.path.join(work, "server.log"))
    server.start()
    try:
        journal = setup_data(work, data, server)
        session = Session(journal)
        status, _, body = session.document()
        session.note_document(status, body)
        keep = {"record": acknowledged[-1][1], "work": work}
        matrix = []
        for errno in ("EIO", "ENOSPC"):
            for call in ("fsync", "fdatasync", "pwrite64", "write"):
                matrix.append((f"{call}:{errno}:sqlite", [call], errno, "sqlite"))
            for call in ("fsync", "fdatasync", "write", "pwrite64"):
                matrix.append((f"{call}:{errno}:partial", [call], errno, "partial"))
            matrix.append((f"rename+renameat+link+linkat:{errno}", ["rename", "renameat", "renameat2", "link", "linkat"], errno, None))
        for name, calls, errno, target in matrix:
            if ONLY and ONLY not in name:
                continue
            scenario(server, session, name, calls, errno, target, keep)
            if not server.alive():
                server.start(demo=False)
                session = Session(journal)
        session.check_acknowledged()
    finally:
        server.stop()
    print(f"strace scenarios: {len(acknowledged)} acknowledged writes checked; verify: {verify(data)}", flush=True)


def full_disk(work):
    if os.geteuid() != 0:
        print("full disk: skipped (needs root for a tmpfs)")
        return
    mount = os.path.join(work, "small")
    os.makedirs(mount, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", mount], check=True)
    acknowledged.clear()
    server = None
    try:
        data = os.path.join(mount, "data")
        server = Server(data, os.path.join(work, "server-full.log"))
        server.start()
        journal = setup_data(os.path.join(work, "full"), data, server)
        session = Session(journal)
        status, _, body = session.document()
        session.note_document(status, body)
        record = acknowledged[-1][1]
        refused, uploads, answers = None, 0, {}
        last_pending = None
        for _ in range(400):
            stage, status, headers, body, pending = session.whole_upload(size=1024 * 1024)
            if stage == "done":
                uploads += 1
                continue
            refused = (stage, status, headers, body)
            last_pending = pending
            ok, text = problem_ok(status, headers, body)
            answers[f"{stage}: {text}"] = answers.get(f"{stage}: {text}", 0) + 1
            if not ok:
                defect(f"full disk: {stage} refused without a clear problem: {text} {body[:300]!r}")
            break
        if refused is None:
            defect("full disk: 400 MiB of uploads were accepted on a 64 MiB disk")
            return
        # Smaller writes while full: a document (the database may still have room in its pages).
        status, headers, body = session.document()
        if not session.note_document(status, body):
            ok, text = problem_ok(status, headers, body)
            answers[f"document: {text}"] = 1
            if not ok:
                defect(f"full disk: document refused without a clear problem: {text} {body[:300]!r}")
        else:
            answers["document: 201 (accepted)"] = 1
        read_failures = session.reads(record, last_pending[0] if last_pending else "00000000-0000-0000-0000-000000000000")
        read_failures = [f for f in read_failures if "/api/v1/uploads/00000000" not in f]
        if read_failures:
            defect(f"full disk: reads failed: {read_failures}")
        if not server.alive():
            defect(f"full disk: the server died (exit {server.proc.poll()})")
            server.start(demo=False)
            session = Session(journal)
        session.check_acknowledged()
        # The fault ends: the disk grows.
        subprocess.run(["mount", "-o", "remount,size=512m", mount], check=True)
        after = []
        stage, status, headers, body, _ = session.whole_upload(size=1024 * 1024)
        after.append(f"upload {stage} {status}")
        if stage != "done":
            defect(f"full disk: upload after the disk grew: {stage} {status} {body[:300]!r}")
        status, _, body = session.document()
        after.append(f"document {status}")
        if not session.note_document(status, body):
            defect(f"full disk: document after the disk grew: {status} {body[:300]!r}")
        if last_pending:
            problem = session.resume(*last_pending)
            after.append("refused upload resumed" if not problem else f"refused upload: {problem}")
            if problem:
                defect(f"full disk: the refused upload does not resume: {problem}")
        session.check_acknowledged()
        server.stop()
        summary = verify(data)
        print(f"full disk (64 MiB tmpfs): {uploads} uploads of 1 MiB accepted, then {'; '.join(f'{k} x{v}' for k, v in answers.items())}; "
              f"reads ok: {not read_failures}; after growing to 512 MiB: {', '.join(after)}; "
              f"{len(acknowledged)} acknowledged writes checked; verify: {summary}", flush=True)
    finally:
        if server:
            server.stop()
        subprocess.run(["umount", mount])


def main():
    if not WORK:
        print(__doc__)
        return 2
    os.makedirs(WORK, exist_ok=True)
    strace_scenarios(WORK)
    if "--no-full-disk" not in ARGS and (not ONLY or ONLY == "full-disk"):
        full_disk(WORK)
    print(f"faults: {len(defects)} defect(s)")
    return 1 if defects else 0


if __name__ == "__main__":
    sys.exit(main())
