#!/usr/bin/env python3
"""Checks LawTrail's hand-written SM3 (Sources/Ledger/Digests/SM3.swift, issue 14) against PyPI
`gmssl` and, when the local OpenSSL has it, `openssl dgst -sm3`.

Writes random inputs to a temporary directory — at least 1,000 by default: lengths 0–4096 with
extra weight on the padding boundaries 55/56/63/64/65/119/120/127/128, the standard's two
examples, and two inputs of a few megabytes — runs `lawtrail digest --algorithm sm3` once over
all of them, and compares every line. The same files go through `--algorithm sha256` against
Python's hashlib, which checks the command's file handling independently of SM3.

    BIN=.build/debug/lawtrail python3 scripts/check-sm3.py [--count N] [--seed S]

Needs `pip install gmssl`. Exits 1 on any mismatch, with the seed to reproduce it.
"""
import argparse
import hashlib
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import tempfile

from gmssl import func, sm3

BOUNDARIES = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129]
# GB/T 32905-2016 Appendix A.
STANDARD = {
    b"abc": "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
    b"abcd" * 16: "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
}


def gmssl_sm3(path):
    with open(path, "rb") as f:
        data = f.read()
    return sm3.sm3_hash(func.bytes_to_list(data))


def run_cli(binary, algorithm, paths):
    """{path: hex} from one run of `lawtrail digest` over all paths."""
    out = subprocess.run([binary, "digest", "--algorithm", algorithm, *paths],
                         check=True, stdout=subprocess.PIPE, text=True).stdout
    result = {}
    for line in out.splitlines():
        hex_digest, sep, path = line.partition("  ")
        if not sep or len(hex_digest) != 64:
            sys.exit(f"unexpected output line from lawtrail digest: {line!r}")
        result[path] = hex_digest
    return result


def openssl_sm3(paths):
    """{path: hex} from `openssl dgst -sm3 -r`, or None when this OpenSSL has no SM3."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    probe = subprocess.run([openssl, "dgst", "-sm3"], input=b"abc", capture_output=True)
    if probe.returncode != 0 or STANDARD[b"abc"] not in probe.stdout.decode(errors="replace"):
        return None
    result = {}
    for start in range(0, len(paths), 200):
        out = subprocess.run([openssl, "dgst", "-sm3", "-r", *paths[start:start + 200]],
                             check=True, stdout=subprocess.PIPE, text=True).stdout
        for line in out.splitlines():
            hex_digest, _, path = line.partition(" ")
            result[path.lstrip("*")] = hex_digest
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary", nargs="?", default=os.environ.get("BIN"), help="lawtrail binary (or env BIN)")
    parser.add_argument("--count", type=int, default=int(os.environ.get("SM3_CHECK_COUNT", "1000")),
                        help="random inputs of 0–4096 bytes (default 1000)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: chosen and printed)")
    parser.add_argument("--big", type=int, nargs="*", default=[2 * 1024 * 1024 + 13, 2 * 1024 * 1024 + 119],
                        help="lengths of the multi-megabyte inputs")
    args = parser.parse_args()
    if not args.binary:
        sys.exit("give the lawtrail binary as an argument or in BIN")
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    print(f"check-sm3: seed {seed}, {args.count} random inputs + {len(STANDARD)} standard + {len(args.big)} large")

    lengths = [rng.choice(BOUNDARIES) if rng.random() < 0.3 else rng.randint(0, 4096) for _ in range(args.count)]
    lengths += BOUNDARIES  # every boundary at least once
    work = tempfile.mkdtemp(prefix="lawtrail-sm3-")
    try:
        paths = []
        def write(name, data):
            path = os.path.join(work, name)
            with open(path, "wb") as f:
                f.write(data)
            paths.append(path)
            return path
        for i, length in enumerate(lengths):
            write(f"r{i:05d}-{length}.bin", rng.randbytes(length))
        standard_paths = {write(f"standard-{i}.bin", data): expected
                          for i, (data, expected) in enumerate(STANDARD.items())}
        for i, length in enumerate(args.big):
            write(f"big{i}-{length}.bin", rng.randbytes(length))

        ours = run_cli(args.binary, "sm3", paths)
        ours_sha256 = run_cli(args.binary, "sha256", paths)
        # gmssl is pure Python (≈ 50 KB/s): one process per core, largest first.
        by_size = sorted(paths, key=os.path.getsize, reverse=True)
        with multiprocessing.Pool(os.cpu_count() or 1) as pool:
            theirs = dict(zip(by_size, pool.map(gmssl_sm3, by_size, chunksize=1)))
        openssl = openssl_sm3(paths)

        failures = []
        for path in paths:
            name = os.path.basename(path)
            if ours.get(path) != theirs[path]:
                failures.append(f"{name}: lawtrail {ours.get(path)} gmssl {theirs[path]}")
            if openssl is not None and ours.get(path) != openssl.get(path):
                failures.append(f"{name}: lawtrail {ours.get(path)} openssl {openssl.get(path)}")
            with open(path, "rb") as f:
                expected_sha256 = hashlib.sha256(f.read()).hexdigest()
            if ours_sha256.get(path) != expected_sha256:
                failures.append(f"{name}: lawtrail sha256 {ours_sha256.get(path)} hashlib {expected_sha256}")
        for path, expected in standard_paths.items():
            if ours.get(path) != expected:
                failures.append(f"{os.path.basename(path)}: lawtrail {ours.get(path)} standard {expected}")

        if failures:
            print(f"check-sm3: {len(failures)} mismatches (seed {seed}):")
            for failure in failures[:50]:
                print("  " + failure)
            return 1
        sources = "gmssl" + (" and openssl dgst -sm3" if openssl is not None else " (openssl has no SM3: skipped)")
        total_bytes = sum(os.path.getsize(p) for p in paths)
        print(f"check-sm3: {len(paths)} inputs ({total_bytes:,} bytes) checked: SM3 equals {sources}; "
              f"SHA-256 equals hashlib; 0 mismatches")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
