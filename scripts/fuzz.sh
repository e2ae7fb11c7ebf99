#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ with AddressSanitizer and runs each for SECONDS (default
# 30) from its committed corpus Fuzz/corpus/<target>/ (docs/fuzzing.md). Exits non-zero when any
# target crashes, breaks one of its properties, leaks, times out on an input or runs out of memory;
# the input that did it is kept as <out>/<target>/crash-… (or leak-…, timeout-…, oom-…).
# Fuzz/dict/<target>.dict, when present, is the target's libFuzzer dictionary of tokens.
#
#   scripts/fuzz.sh [seconds-per-target] [target …]     all seven targets when none is named
#
# Environment:
#   FUZZ_JOBS=N    targets run at once (default 1; the machine has 2 cores)
#   FUZZ_OUT=DIR   where logs, new inputs and crash files go (default a new /tmp directory)
#   FUZZ_MERGE=1   afterwards, fold the new inputs into Fuzz/corpus/<target>/, minimised (-merge=1)
#   FUZZ_SEED=1    first write each target's generated seeds (LLVMFuzzerInitialize) into the run
#                  too, e.g. after a format change; with FUZZ_MERGE=1 they reach the corpus
# Prints one tab-separated line per target (also in <out>/summary.tsv): target, result,
# executions, executions per second, cov, ft, corpus files, peak RSS in MB.
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"

seconds=${1:-30}
[ $# -gt 0 ] && shift
all=(FuzzJSON FuzzNotes FuzzProofBundle FuzzCalendar FuzzIdentifier FuzzRange FuzzUploadOffset)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all[@]}"); fi
jobs=${FUZZ_JOBS:-1}
out=${FUZZ_OUT:-$(mktemp -d /tmp/lawtrail-fuzz.XXXXXX)}
mkdir -p "$out"
out=$(cd "$out" && pwd)

flags=(-c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
start=$(date +%s)
swift build "${flags[@]}" 2>&1 | grep -vE "Cannot export local symbol|^\[[0-9]+/[0-9]+\] (Compiling|Write|Wrapping|Emitting)" || true
bin=$(swift build "${flags[@]}" --show-bin-path)
for target in "${targets[@]}"; do
    [ -x "$bin/$target" ] || { echo "fuzz: $target was not built"; exit 1; }
done
echo "fuzz: sanitizer build took $(( $(date +%s) - start )) s; running ${#targets[@]} targets for $seconds s each, $jobs at a time; output in $out"

run_target() {
    local target=$1 dir="$out/$1"
    rm -rf "$dir"
    mkdir -p "$dir/new"
    if [ "${FUZZ_SEED:-0}" = 1 ]; then
        LAWTRAIL_FUZZ_SEEDS="$dir/new" "$bin/$target" > /dev/null 2>&1
    fi
    mkdir -p "corpus/$target"
    local status=0 dict=()
    [ -f "dict/$target.dict" ] && dict=(-dict="$PWD/dict/$target.dict")
    # The first directory receives new inputs; the committed corpus is only read.
    (cd "$dir" && "$bin/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 "${dict[@]}" \
        -print_final_stats=1 -artifact_prefix="$dir/" "$dir/new" "$OLDPWD/corpus/$target") \
        > "$dir/log" 2>&1 || status=$?
    local stats result
    result=$([ "$status" -eq 0 ] && echo ok || echo "FAILED(exit $status)")
    if compgen -G "$dir/crash-*" > /dev/null || compgen -G "$dir/leak-*" > /dev/null \
        || compgen -G "$dir/timeout-*" > /dev/null || compgen -G "$dir/oom-*" > /dev/null; then
        result="FAILED($(cd "$dir" && ls crash-* leak-* timeout-* oom-* 2>/dev/null | tr '\n' ' '))"
    fi
    local line
    line=$(grep -E "^#[0-9]+" "$dir/log" | grep -E "cov: " | tail -1 || true)
    stats=$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$target" "$result" \
        "$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log")" \
        "$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log")" \
        "$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$line")" \
        "$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$line")" \
        "$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<< "$line")" \
        "$(sed -n 's/^stat::peak_rss_mb: *//p' "$dir/log")")
    echo "$stats" >> "$out/summary.tsv"
    echo "$stats"
    if [ "$result" != ok ]; then
        grep -E "ERROR|property violated|Fatal error|SUMMARY" "$dir/log" | head -5 || true
        return 1
    fi
    if [ "${FUZZ_MERGE:-0}" = 1 ]; then
        local merged="$dir/merged"
        mkdir -p "$merged"
        "$bin/$target" -merge=1 "$merged" "corpus/$target" "$dir/new" > "$dir/merge.log" 2>&1
        rm -rf "corpus/$target"
        mv "$merged" "corpus/$target"
        echo "fuzz: $target corpus merged: $(ls "corpus/$target" | wc -l) files"
    fi
}

printf 'target\tresult\texecutions\texec/s\tcov\tft\tcorpus\tpeak_rss_mb\n' | tee "$out/summary.tsv"
failed=0
running=0
for target in "${targets[@]}"; do
    if [ "$running" -ge "$jobs" ]; then
        wait -n || failed=1
        running=$((running - 1))
    fi
    run_target "$target" &
    running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
    wait -n || failed=1
    running=$((running - 1))
done

if [ "$failed" -ne 0 ]; then
    echo "fuzz: a target failed; its input and log are in $out"
    exit 1
fi
echo "fuzz: ${#targets[@]} targets, 0 crashes ($(( $(date +%s) - start )) s in all)"
