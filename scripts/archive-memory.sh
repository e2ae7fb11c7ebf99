#!/usr/bin/env bash
# Issue 14 item 2: building an archive package streams — resident memory stays flat (≤ 64 MiB growth)
# for a case with a large video. Builds a release `lawtrail`, then `lawtrail bench archive` seeds the
# demo in a fresh data directory, adds one video of the given size to a new case (streamed into the
# blob store), closes the case and archives it through ArchiveService — the code the archive desk
# runs. The command prints RSS before and the peak during archiving (the kernel's peak is reset
# first, /proc/self/clear_refs); /usr/bin/time -v adds the whole process's maximum RSS.
#
#   scripts/archive-memory.sh [video bytes, default 1 GiB] [work directory]
# Needs about 3× the video size free on the work directory's disk (blob, bag copy, ZIP).
set -euo pipefail
bytes=${1:-$((1 << 30))}
work=${2:-$(mktemp -d /tmp/lawtrail-archive-memory.XXXXXX)}
bin=${LAWTRAIL_BIN:-}
if [ -z "$bin" ]; then
    swift build -c release --product lawtrail 2>&1 | tail -1
    bin=.build/release/lawtrail
fi
mkdir -p "$work"
echo "video: $bytes bytes; data: $work/data"
timing="$work/time.txt"
if [ -x /usr/bin/time ]; then
    /usr/bin/time -v "$bin" bench archive --video-bytes "$bytes" --data-dir "$work/data" 2> "$timing"
    grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$timing"
else
    "$bin" bench archive --video-bytes "$bytes" --data-dir "$work/data"
fi
du -sh "$work"/data/archives/*.zip
if [ -z "${KEEP:-}" ]; then rm -rf "$work"; fi
