#!/usr/bin/env bash
# Times `haproxy -c` and `portcullis -c` side by side on the generated big
# configuration (5,000 backends x 4 servers, 10,000 ACLs, 5,000 use_backend
# rules). A benchmark, not a test: it prints times and the ratio.
# Usage: compat-tests/bench/check-speed.sh [RUNS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
cargo build --release -q -p portcullis-cli -p compat-tests --bin portcullis --bin gen-big-config
target="${CARGO_TARGET_DIR:-$PWD/target}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$target/release/gen-big-config" "$work/big.cfg"
echo "config: $(wc -l < "$work/big.cfg") lines, $(du -h "$work/big.cfg" | cut -f1)"
portcullis="$target/release/portcullis"
cd "$work"

if command -v hyperfine >/dev/null; then
    hyperfine --warmup 1 --runs "$runs" -i \
        "haproxy -q -c -f big.cfg" "$portcullis -q -c -f big.cfg"
    exit 0
fi

# mean wall time of N runs of a command, in seconds
mean() {
    local total=0 start end
    for _ in $(seq "$runs"); do
        start=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || true
        end=$(date +%s.%N)
        total=$(awk -v t="$total" -v s="$start" -v e="$end" 'BEGIN { print t + e - s }')
    done
    awk -v t="$total" -v n="$runs" 'BEGIN { print t / n }'
}
h=$(mean haproxy -q -c -f big.cfg)
p=$(mean "$portcullis" -q -c -f big.cfg)
printf 'haproxy -c    : %.3f s (mean of %d)\n' "$h" "$runs"
printf 'portcullis -c : %.3f s (mean of %d)\n' "$p" "$runs"
printf 'ratio portcullis/haproxy: %.2f\n' "$(awk -v p="$p" -v h="$h" 'BEGIN { print p / h }')"
