#!/usr/bin/env bash
# SM3 throughput (issue 14, docs/benchmarks.md "SM3 (issue 14)"): compiles
# Sources/Ledger/Digests/SM3.swift with scripts/bench/sm3/main.swift using `swiftc -O -wmo` (the
# optimisation of a release build, without building the whole package), streams one random file
# through it in 1 MiB chunks, and measures `openssl dgst -sm3` and `openssl dgst -sha256` on the
# same file in the same run. Each tool runs RUNS times, interleaved. MB/s is 10^6 bytes per second,
# from wall time and from CPU time (user + sys; the machine is shared, CPU time is the steadier).
#
#   bash scripts/bench-sm3.sh [MiB]        # default 1024 (1 GiB); RUNS=3
set -euo pipefail
cd "$(dirname "$0")/.."

mib=${1:-1024}
runs=${RUNS:-3}
work=$(mktemp -d /tmp/lawtrail-bench-sm3.XXXXXX)
trap 'rm -rf "$work"' EXIT

swiftc -O -wmo Sources/Ledger/Digests/SM3.swift scripts/bench/sm3/main.swift -o "$work/bench-sm3"
head -c $((mib * 1024 * 1024)) /dev/urandom > "$work/data"
cat "$work/data" > /dev/null   # in the page cache for every tool
bytes=$(stat -c %s "$work/data")
echo "file: $bytes bytes; $(openssl version); $(swiftc --version 2>&1 | head -1)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# "<wall> <cpu>" seconds of one command, its output in $work/out.
timed() {
    local TIMEFORMAT='%R %U %S'
    { time "$@" > "$work/out" 2>&1; } 2> "$work/time"
    awk '{ printf "%.3f %.3f", $1, $2 + $3 }' "$work/time"
}
mbps() { awk -v b="$bytes" -v s="$1" 'BEGIN { printf "%.1f", b / s / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

printf '| run | Swift SM3 MB/s (wall / CPU) | OpenSSL SM3 MB/s (wall / CPU) | OpenSSL SHA-256 MB/s (wall / CPU) | SM3 ÷ OpenSSL SM3 (CPU) | SM3 ÷ OpenSSL SHA-256 (CPU) |\n'
printf '|---|---|---|---|---|---|\n'
for run in $(seq 1 "$runs"); do
    "$work/bench-sm3" "$work/data" > "$work/swift"
    swift_digest=$(awk '{ print $2 }' "$work/swift")
    swift_wall=$(sed -E 's/.* wall=([0-9.]+).*/\1/' "$work/swift")
    swift_cpu=$(sed -E 's/.* cpu=([0-9.]+).*/\1/' "$work/swift")

    read -r sm3_wall sm3_cpu <<< "$(timed openssl dgst -sm3 -r "$work/data")"
    openssl_digest=$(awk '{ print $1 }' "$work/out")
    if [ "$openssl_digest" != "$swift_digest" ]; then
        echo "digest mismatch: swift $swift_digest, openssl $openssl_digest" >&2
        exit 1
    fi
    read -r sha_wall sha_cpu <<< "$(timed openssl dgst -sha256 -r "$work/data")"

    s_cpu=$(mbps "$swift_cpu"); o_cpu=$(mbps "$sm3_cpu"); h_cpu=$(mbps "$sha_cpu")
    printf '| %d | %s / **%s** | %s / %s | %s / %s | %s | %s |\n' "$run" \
        "$(mbps "$swift_wall")" "$s_cpu" "$(mbps "$sm3_wall")" "$o_cpu" "$(mbps "$sha_wall")" "$h_cpu" \
        "$(ratio "$s_cpu" "$o_cpu")" "$(ratio "$s_cpu" "$h_cpu")"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
