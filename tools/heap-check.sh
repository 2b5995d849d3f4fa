#!/usr/bin/env bash
# Long-run memory check (docs/fuzzing.md): runs `nn train` for 30 epochs and a 10-fold `nn cv`, measures the live
# heap every few seconds (the heap after a full GC requested with `jcmd <pid> GC.run`), prints the samples, and
# compares the live heap after warm-up with the live heap late in each run. A run passes when the late floor exceeds
# the early floor by at most 5 % or 4 MB, whichever is larger.
#
# Usage: tools/heap-check.sh               (about 2 minutes on 2 cores)
# Environment: HEAP_CHECK_INTERVAL seconds between samples (default 1), HEAP_CHECK_BACKEND (default cpu-simd).
# Exit status: 0 when both runs hold a steady heap, 1 when one grows, 2 when a run fails.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=find-jdk.sh
. "$root/tools/find-jdk.sh"
nn_find_jdk
export PATH="$JAVA_HOME/bin:$PATH"
interval="${HEAP_CHECK_INTERVAL:-1}"
backend="${HEAP_CHECK_BACKEND:-cpu-simd}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$root/nn" backends >/dev/null   # builds nn first if needed, so that the runs below start the JVM at once

# measure NAME ARGS...: runs `nn ARGS` in the background and samples its live heap until it ends: each sample is a
# full GC requested with `jcmd <pid> GC.run`, whose heap after it the JVM logs (-Xlog:gc, "Pause Full (Diagnostic Command)
# 300M->251M(1024M)"). Writes $work/NAME.samples: milliseconds since start, epochs finished, live heap in KiB.
measure() {
    local name="$1"
    shift
    "$root/nn" -Xmx1g "-Xlog:gc:file=$work/$name.gc" "$@" --backend "$backend" --out "$work/$name" \
        >"$work/$name.out" 2>&1 &
    local pid=$! start epochs before after used
    start=$(date +%s%N)
    : >"$work/$name.samples"
    while sleep "$interval" && kill -0 "$pid" 2>/dev/null; do
        before=$(grep -c 'Pause Full (Diagnostic Command)' "$work/$name.gc" 2>/dev/null || true)
        jcmd "$pid" GC.run >/dev/null 2>&1 || continue   # not attachable yet, or just ended
        after=$(grep 'Pause Full (Diagnostic Command)' "$work/$name.gc" 2>/dev/null | tail -n 1 || true)
        [ "$(grep -c 'Pause Full (Diagnostic Command)' "$work/$name.gc" 2>/dev/null || true)" -gt "$before" ] \
            || continue
        used=$(echo "$after" | sed -n 's/.*->\([0-9]*\)M(.*/\1/p')
        [ -n "$used" ] || continue
        epochs=$(grep -c '^epoch [0-9]*/[0-9]*  train loss' "$work/$name.out" || true)
        echo "$((($(date +%s%N) - start) / 1000000)) $epochs $((used * 1024))" >>"$work/$name.samples"
    done
    local status=0
    wait "$pid" || status=$?
    if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then   # 3: finished with the verdict UNSTABLE
        echo "heap-check: nn $* failed with exit status $status:" >&2
        tail -n 20 "$work/$name.out" >&2
        exit 2
    fi
}

# verdict NAME WINDOWS: prints the samples and compares the live heap early in the run, after warm-up (class
# loading, JIT, the data and the first model), with the live heap late in the run. WINDOWS is "epochs" (early:
# epochs 2-12 finished, late: 20-29, while training still runs) or "quarters" of the run's time (early: the second
# quarter, late: the last, for nn cv). Each window is summarized by its lowest sample, the floor
# the live heap returns to: a sample taken while an epoch or a fold holds temporary copies lies above it, while a
# leak raises the floor itself.
verdict() {
    awk -v name="$1" -v windows="$2" '
        { t[NR] = $1 / 1000; e[NR] = $2; kb[NR] = $3 }
        function inside(i, lo, hi) { return windows == "epochs" ? e[i] >= lo && e[i] <= hi : t[i] > lo && t[i] <= hi }
        function floor_of(lo, hi,    i, low) {
            count = 0
            for (i = 1; i <= NR; i++) {
                if (inside(i, lo, hi)) { count++; if (count == 1 || kb[i] < low) low = kb[i] }
            }
            return low
        }
        END {
            printf "%s: live heap after a full GC\n", name
            for (i = 1; i <= NR; i++) printf "  %6.1f s  epochs %3d  %7.1f MB\n", t[i], e[i], kb[i] / 1024
            end = t[NR]
            if (windows == "epochs") { early = floor_of(2, 12); nearly = count; late = floor_of(20, 29); nlate = count }
            else { early = floor_of(end / 4, end / 2); nearly = count; late = floor_of(end * 3 / 4, end); nlate = count }
            if (nearly < 2 || nlate < 2) {
                printf "%s: %d and %d samples early and late; lengthen the run or lower HEAP_CHECK_INTERVAL\n", name, nearly, nlate
                exit 2
            }
            growth = late - early
            allowed = early * 0.05 > 4096 ? early * 0.05 : 4096
            printf "%s: early floor %.1f MB (of %d samples), late floor %.1f MB (of %d), growth %+.1f MB (allowed %.1f): %s\n",
                name, early / 1024, nearly, late / 1024, nlate, growth / 1024, allowed / 1024,
                growth <= allowed ? "PASS" : "FAIL"
            exit growth <= allowed ? 0 : 1
        }' "$work/$1.samples"
}

# about 0.5 s per epoch and 4 s per fold on 2 cores: several samples in each quarter of the runs
measure train train --limit 10000 --epochs 30 --patience 0
measure cv cv --folds 10 --limit 10000 --epochs 5
status=0
verdict train epochs || status=$?
verdict cv quarters || { result=$?; [ "$result" -gt "$status" ] && status=$result; }
exit "$status"
