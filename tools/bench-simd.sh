#!/usr/bin/env bash
# Achieved GFLOP/s of GEMM 256x784x256 and of the Fashion-MNIST conv2 layer, scalar vs cpu-simd in the same run,
# with the speed-up and the fraction of the measured FMA peak. Usage: tools/bench-simd.sh [seconds per measurement]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=tools/find-jdk.sh
. "$root/tools/find-jdk.sh"
nn_find_jdk
(cd "$root" && ./mvnw -q -B test-compile -pl nn-cpu-simd -am >&2)
mp="$root/nn-api/target/classes:$root/nn-host/target/classes:$root/nn-cpu-simd/target/classes"
exec "$JAVA_HOME/bin/java" -Djava.util.logging.config.file=/dev/null -p "$mp" \
    --patch-module dev.nn.cpu.simd="$root/nn-cpu-simd/target/test-classes" \
    -m dev.nn.cpu.simd/dev.nn.cpu.simd.SimdBenchmark "$@"
