#!/usr/bin/env bash
# The health-check cost benchmark (issue 4): 2,000 checked servers (20
# backends x 100 servers, BENCH_BACKENDS x BENCH_SERVERS) checked every 2 s
# (`inter 2s`), all pointing at a few loopback listeners (`tcpload checkd`,
# which answers HTTP check requests with 200 and lets layer-4 checks go).
# Two runs: layer-4 checks, then `option httpchk`. Each proxy runs with
# `nbthread 1`, pinned to one core, the listeners to another; after a
# warm-up (start-up spreading plus the first checks), the proxy's CPU time
# (utime + stime from /proc/PID/stat) over BENCH_SECONDS gives its share of
# one core. Prints haproxy's and portcullis' figures and the ratio, and how
# many servers each proxy reported DOWN (0 expected: every check passes).
# A benchmark, not a test: it asserts nothing. The issue's goal is
# portcullis under 5% of one core.
#
# Usage: compat-tests/bench/check-cost.sh
# Environment: PROXY_CPU (default 0), LOAD_CPU (1), BENCH_SECONDS (30),
# BENCH_WARMUP (8), BENCH_BACKENDS (20), BENCH_SERVERS (100),
# BENCH_LISTENERS (4), BENCH_INTER (2s), HAPROXY_BIN (haproxy on PATH or
# /usr/sbin/haproxy).
set -euo pipefail
cd "$(dirname "$0")/../.."

proxy_cpu="${PROXY_CPU:-0}"
load_cpu="${LOAD_CPU:-1}"
seconds="${BENCH_SECONDS:-30}"
warmup="${BENCH_WARMUP:-8}"
backends="${BENCH_BACKENDS:-20}"
servers="${BENCH_SERVERS:-100}"
listeners="${BENCH_LISTENERS:-4}"
inter="${BENCH_INTER:-2s}"
haproxy="${HAPROXY_BIN:-$(command -v haproxy || echo /usr/sbin/haproxy)}"

cargo build --release -q -p portcullis-testkit --bin tcpload
target="${CARGO_TARGET_DIR:-$PWD/target}"
load="$target/release/tcpload"
portcullis="$target/release/portcullis"
mkdir -p "$target"
if ! cargo build --release -q -p portcullis-cli --bin portcullis 2>"$target/check-cost-build.log"; then
    echo "portcullis: build failed ($target/check-cost-build.log)" >&2
    portcullis=/nonexistent/portcullis
fi
tck="$(getconf CLK_TCK)"

work="$(mktemp -d)"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# The check servers: one per loopback address 127.0.0.2, .3, ...
targets=()
for i in $(seq "$listeners"); do
    taskset -c "$load_cpu" "$load" checkd --listen "127.0.0.$((i + 1)):0" --addr-file "$work/checkd.$i" &
    pids+=($!)
done
for i in $(seq "$listeners"); do
    for _ in $(seq 100); do [ -s "$work/checkd.$i" ] && break; sleep 0.05; done
    targets+=("$(cat "$work/checkd.$i")")
done

# config KIND LISTEN: the benchmark's config; KIND is l4 or httpchk.
config() {
    local kind="$1" listen="$2" b s n=0
    cat <<EOF
global
    nbthread 1
    maxconn 1000

defaults
    mode tcp
    timeout connect 2s
    timeout client 10s
    timeout server 10s

frontend fe
    bind $listen
    default_backend be1
EOF
    for b in $(seq "$backends"); do
        printf '\nbackend be%s\n' "$b"
        [ "$kind" = httpchk ] && printf '    option httpchk GET /health\n'
        for s in $(seq "$servers"); do
            printf '    server s%s %s check inter %s\n' "$s" "${targets[$((n % listeners))]}" "$inter"
            n=$((n + 1))
        done
    done
}

# cpu_ticks PID: "utime stime" (the fields after the command name, which
# may hold spaces, are counted from its closing parenthesis).
cpu_ticks() {
    sed 's/.*) //' "/proc/$1/stat" | awk '{print $12, $13}'
}

# measure NAME BINARY KIND: prints "<% of one core> <user %> <system %>
# <DOWN lines>", or "-" when the proxy does not run.
measure() {
    local name="$1" bin="$2" kind="$3" port addr pid u0 s0 u1 s1
    [ -x "$bin" ] || { echo "-"; return; }
    port="$("$load" free-port)"
    addr="127.0.0.1:$port"
    config "$kind" "$addr" > "$work/$name.$kind.cfg"
    taskset -c "$proxy_cpu" "$bin" -f "$work/$name.$kind.cfg" -db > "$work/$name.$kind.log" 2>&1 &
    pid=$!
    pids+=("$pid")
    if ! "$load" wait-listen --addr "$addr" --pid "$pid" --seconds 20 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        sed 's/^/    /' "$work/$name.$kind.log" | head -5 >&2
        echo "-"
        return
    fi
    sleep "$warmup"
    read -r u0 s0 <<<"$(cpu_ticks "$pid")"
    sleep "$seconds"
    read -r u1 s1 <<<"$(cpu_ticks "$pid")"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    local down
    down="$(grep -c ' is DOWN' "$work/$name.$kind.log" || true)"
    awk -v u="$((u1 - u0))" -v k="$((s1 - s0))" -v hz="$tck" -v s="$seconds" -v down="$down" \
        'BEGIN { f = 100 / hz / s; printf "%.2f %.2f %.2f %d\n", (u + k) * f, u * f, k * f, down }'
}

total=$((backends * servers))
echo "$total servers ($backends backends x $servers), inter $inter, $listeners check listeners, nbthread 1;"
echo "CPU over ${seconds}s after a ${warmup}s warm-up, in % of one core"
echo "(user+system; user and system apart in brackets)"
printf '%-8s %22s %22s %7s %11s\n' checks haproxy portcullis ratio "DOWN (h/p)"
for kind in l4 httpchk; do
    read -r hp hu hs hd <<<"$(measure haproxy "$haproxy" "$kind")"
    read -r pp pu ps pd <<<"$(measure portcullis "$portcullis" "$kind")"
    ratio="-"
    if [ "$hp" != "-" ] && [ "$pp" != "-" ]; then
        ratio="$(awk -v a="$pp" -v b="$hp" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')"
    fi
    printf '%-8s %22s %22s %7s %11s\n' "$kind" "$hp% [${hu:--}/${hs:--}]" "$pp% [${pu:--}/${ps:--}]" \
        "$ratio" "${hd:--}/${pd:--}"
done
