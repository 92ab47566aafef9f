#!/usr/bin/env bash
# The README's two set-up commands, timed as a new user meets them: a fresh clone with an
# empty target folder (crates already in the registry cache, so download time is left out).
# Prints wall and CPU (user + sys) seconds per command and the target folder's size.
#   bench/setup_time.sh [CLONE_DIR]     (default ../setup-check, a sibling so ../shared
#                                        sits beside it as the tests expect; removed first)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$repo/../setup-check}
rm -rf "$dir"
git clone -q "$repo" "$dir"
cd "$dir"
unset CARGO_TARGET_DIR
timed() { # label, command...
    local label=$1; shift
    local t0 t1
    t0=$(date +%s.%N)
    /usr/bin/time -f "%U %S" -o "$dir/.time" "$@" > "$dir/.out" 2>&1 || { tail -20 "$dir/.out"; exit 1; }
    t1=$(date +%s.%N)
    read -r u s < "$dir/.time"
    printf '%-34s wall %6.1f s   cpu %6.1f s   target %s\n' "$label" "$(echo "$t1 - $t0" | bc)" \
        "$(echo "$u + $s" | bc)" "$(du -sh target | cut -f1)"
}
echo "$(nproc) cores, $(git log -1 --format=%h)"
timed "cargo run --release" cargo run --release
timed "cargo test --release --workspace" cargo test --release --workspace
