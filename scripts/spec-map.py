#!/usr/bin/env python3
"""Prints where each SPEC id is cited in Sources, per layer, as a Markdown table.

docs/architecture.md embeds its output; run `python3 scripts/spec-map.py` after moving code and
paste the table again. A file is listed once per id, by its path under its module.
"""
import os
import re
import sys
from collections import defaultdict

LAYERS = ["Domain", "Services", "Persistence", "App", "Ledger", "lawtrail"]
ID = re.compile(r"SPEC ((?:[PRX]\d+(?:\.\d+)?)(?:[,，、 ]+[PRX]?\d+(?:\.\d+)?)*)")
ONE = re.compile(r"[PRX]\d+(?:\.\d+)?")


def key(spec_id):
    return (spec_id[0], [int(part) for part in spec_id[1:].split(".")])


def main(root):
    found = defaultdict(lambda: defaultdict(set))
    for layer in LAYERS:
        base = os.path.join(root, "Sources", layer)
        for folder, _, files in os.walk(base):
            for name in files:
                if not name.endswith(".swift"):
                    continue
                path = os.path.join(folder, name)
                text = open(path, encoding="utf-8").read()
                for match in ID.finditer(text):
                    letter = None
                    for spec_id in ONE.findall(match.group(1)):
                        letter = spec_id[0]
                        found[spec_id][layer].add(os.path.relpath(path, base))
    print("| SPEC | Domain (the rule) | Services (the use case) | Persistence | App (the doors) |")
    print("|---|---|---|---|---|")
    for spec_id in sorted(found, key=key):
        cells = []
        for layer in ["Domain", "Services", "Persistence", "App"]:
            files = sorted(found[spec_id].get(layer, []))
            shown = ", ".join(f"`{f}`" for f in files[:4]) + (f" +{len(files) - 4}" if len(files) > 4 else "")
            cells.append(shown or "—")
        print(f"| {spec_id} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
