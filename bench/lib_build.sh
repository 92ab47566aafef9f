#!/usr/bin/env bash
# The runtime library's build cost with and without the CLI's features (issue 27.4):
# compile time from a clean target folder (dependencies included) and of newsgraph-core
# alone, the rlib's size, and the size of a program using only the library
# (crates/newsgraph-core/examples/analyze.rs). CPU seconds (user + sys) are reported next to
# wall time, as they depend less on what else the machine runs.
#   bench/lib_build.sh [TARGET_ROOT]     (default /tmp/newsgraph-lib-build; removed first)
set -euo pipefail
root=${1:-/tmp/newsgraph-lib-build}
cd "$(dirname "$0")/.."
timed() { # label, command...
    local label=$1; shift
    local t0 t1
    t0=$(date +%s.%N)
    /usr/bin/time -f "%U %S" -o /tmp/lib_build.time "$@" >/dev/null 2>&1
    t1=$(date +%s.%N)
    read -r u s < /tmp/lib_build.time
    printf '%-44s wall %6.1f s   cpu %6.1f s\n' "$label" "$(echo "$t1 - $t0" | bc)" "$(echo "$u + $s" | bc)"
}
for mode in no-default default; do
    flags=()
    [[ $mode == no-default ]] && flags=(--no-default-features)
    dir=$root/$mode
    rm -rf "$dir"
    export CARGO_TARGET_DIR=$dir
    timed "$mode: clean build, dependencies included" cargo build --release -p newsgraph-core "${flags[@]}"
    cargo clean --release -p newsgraph-core >/dev/null 2>&1
    timed "$mode: newsgraph-core alone" cargo build --release -p newsgraph-core "${flags[@]}"
    crates=$(find "$dir"/release/deps -name '*.rlib' | wc -l)
    cargo build --release -p newsgraph-core --example analyze "${flags[@]}" >/dev/null 2>&1
    printf '%-44s rlib %5.1f MB   example binary %5.1f MB   library crates %d\n' "$mode: sizes" \
        "$(echo "$(stat -c %s "$dir"/release/libnewsgraph_core.rlib) / 1000000" | bc -l)" \
        "$(echo "$(stat -c %s "$dir"/release/examples/analyze) / 1000000" | bc -l)" \
        "$crates"
done
