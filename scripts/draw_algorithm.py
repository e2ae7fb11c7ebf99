"""lawtrail-draw-v1 in Python: a second, independent implementation of docs/double-random.md.

Used by scripts/draw-verify.py (which fetches a published draw from the portal) and runnable on
its own: `python3 scripts/draw_algorithm.py SPEC.json SECRET... [--public-value V]` prints the
commitment, the seed and the selection as JSON.
"""
import hashlib
import json
import sys

ALGORITHM = "lawtrail-draw-v1"


def canonical(value):
    """RFC 8785 for what draws hold (strings, integers, arrays, objects with ASCII keys)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def ordered(entries):
    return sorted(entries, key=lambda e: e["key"].encode("utf-8"))


def commitment(spec):
    """SHA-256 of the specification's canonical bytes, pools' entries in key order."""
    spec = dict(spec)
    spec["pools"] = [dict(p, entries=ordered(p["entries"])) for p in spec["pools"]]
    spec["assignments"] = [
        dict(a, exclusions=sorted(a["exclusions"], key=lambda x: (x["target"].encode(), x["entry"].encode())))
        for a in spec["assignments"]
    ]
    return hashlib.sha256(canonical(spec)).hexdigest()


def seed(commit, secrets, public_value):
    return hashlib.sha256(canonical({
        "algorithm": ALGORITHM, "commitment": commit, "secrets": list(secrets), "publicValue": public_value or "",
    })).digest()


class Stream:
    def __init__(self, seed_bytes, label):
        self.prefix = seed_bytes + label.encode("utf-8") + b"\x00"
        self.counter = 0
        self.words = []

    def word(self):
        if not self.words:
            block = hashlib.sha256(self.prefix + self.counter.to_bytes(8, "big")).digest()
            self.counter += 1
            self.words = [int.from_bytes(block[i:i + 8], "big") for i in range(0, 32, 8)]
        return self.words.pop(0)

    def uniform(self, n):
        limit = (1 << 64) - ((1 << 64) % n)
        while True:
            w = self.word()
            if w < limit:
                return w % n


def select(count, size, seed_bytes, label):
    stream = Stream(seed_bytes, label)
    positions = list(range(size))
    for i in range(count):
        j = i + stream.uniform(size - i)
        positions[i], positions[j] = positions[j], positions[i]
    return positions[:count]


def run(spec, secrets, public_value):
    commit = commitment(spec)
    s = seed(commit, secrets, public_value)
    selected = {}
    for pool in spec["pools"]:
        if pool["count"] > 0:
            entries = ordered(pool["entries"])
            selected[pool["name"]] = [entries[i]["key"] for i in select(pool["count"], len(entries), s, "pool:" + pool["name"])]
    assigned = {}
    pools = {p["name"]: p for p in spec["pools"]}
    for a in spec["assignments"]:
        per_target = {}
        for target in selected.get(a["to"], []):
            excluded = {x["entry"] for x in a["exclusions"] if x["target"] == target}
            eligible = [e for e in ordered(pools[a["pool"]]["entries"]) if e["key"] not in excluded]
            label = "assign:%s:%s" % (a["pool"], target)
            per_target[target] = [eligible[i]["key"] for i in select(a["each"], len(eligible), s, label)]
        assigned[a["pool"]] = per_target
    return {"algorithm": ALGORITHM, "commitment": commit, "seed": s.hex(), "selected": selected, "assigned": assigned}


if __name__ == "__main__":
    args = sys.argv[1:]
    public_value = None
    if "--public-value" in args:
        i = args.index("--public-value")
        public_value = args[i + 1]
        del args[i:i + 2]
    with open(args[0], encoding="utf-8") as f:
        spec = json.load(f)
    print(json.dumps(run(spec, args[1:], public_value), ensure_ascii=False, sort_keys=True, indent=1))
