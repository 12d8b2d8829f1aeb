#!/usr/bin/env bash
# The TCP benchmark (issue 3): runs fixtures/runtime/bench.cfg with haproxy
# and with portcullis, each pinned to one core with `nbthread 1`, the load
# generator (crates/testkit's `tcpload`: the clients and the echo/sink/idle
# server) pinned to another core, and prints for each proxy:
#   - requests/s and requests per proxy CPU-second, small messages ping-pong
#     on kept-alive connections;
#   - MiB/s (and MiB per proxy CPU-second) for one bulk transfer;
#   - resident memory per idle connection with 9,000 idle connections
#     (VmRSS of the proxy before and after, /proc/PID/status);
# then the ratios portcullis/haproxy. A benchmark, not a test: it asserts
# nothing. If portcullis does not start, it says "portcullis: not runnable".
#
# Usage: compat-tests/bench/tcp-bench.sh
# Environment: PROXY_CPU (default 0), LOAD_CPU (1), BENCH_SECONDS (10),
# BENCH_CONNS (50), BENCH_SIZE (64), BENCH_BULK_MIB (2048), BENCH_IDLE (9000),
# BENCH_ROUNDS (3),
# HAPROXY_BIN (haproxy on PATH or /usr/sbin/haproxy).
set -euo pipefail
cd "$(dirname "$0")/../.."

proxy_cpu="${PROXY_CPU:-0}"
load_cpu="${LOAD_CPU:-1}"
seconds="${BENCH_SECONDS:-10}"
conns="${BENCH_CONNS:-50}"
size="${BENCH_SIZE:-64}"
bulk_mib="${BENCH_BULK_MIB:-2048}"
idle="${BENCH_IDLE:-9000}"
haproxy="${HAPROXY_BIN:-$(command -v haproxy || echo /usr/sbin/haproxy)}"

cargo build --release -q -p portcullis-testkit --bin tcpload
target="${CARGO_TARGET_DIR:-$PWD/target}"
load="$target/release/tcpload"
portcullis="$target/release/portcullis"
# A portcullis that does not build is reported as not runnable.
if ! cargo build --release -q -p portcullis-cli --bin portcullis 2>"$PWD/target/tcp-bench-build.log"; then
    echo "portcullis: build failed (target/tcp-bench-build.log)" >&2
    portcullis=/nonexistent/portcullis
fi

# 9,000 idle connections are 18,000 sockets in the proxy and as many in
# tcpload's client and server.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
# Each connection is two sockets in the proxy, which sizes its own limit
# from maxconn (haproxy: 2 x maxconn + a few).
maxconn=$((idle + 500))
if [ $((maxconn * 2 + 100)) -gt "$(ulimit -n)" ]; then
    maxconn=$((($(ulimit -n) - 100) / 2))
    echo "note: ulimit -n is $(ulimit -n), maxconn lowered to $maxconn" >&2
fi

work="$(mktemp -d)"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

taskset -c "$load_cpu" "$load" server --listen 127.0.0.1:0 --addr-file "$work/server.addr" &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/server.addr" ] && break; sleep 0.05; done
server="$(cat "$work/server.addr")"

# run_proxy NAME BINARY: starts it on a fresh port, runs the three
# measurements, writes NAME.out (key=value lines); returns 1 if the proxy
# does not start.
run_proxy() {
    local name="$1" bin="$2" port addr pid
    port="$("$load" free-port)"
    addr="127.0.0.1:$port"
    sed -e "s/{{LISTEN}}/$addr/" -e "s/{{SERVER}}/$server/" -e "s/{{MAXCONN}}/$maxconn/" \
        fixtures/runtime/bench.cfg > "$work/$name.cfg"
    [ -x "$bin" ] || return 1
    taskset -c "$proxy_cpu" "$bin" -f "$work/$name.cfg" -db > "$work/$name.log" 2>&1 &
    pid=$!
    pids+=("$pid")
    if ! "$load" wait-listen --addr "$addr" --pid "$pid" --seconds 10 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        sed 's/^/    /' "$work/$name.log" | head -5 >&2
        return 1
    fi
    # Idle first, on a fresh process, so earlier traffic does not pre-fill
    # its pools.
    taskset -c "$load_cpu" "$load" idle --target "$addr" --conns "$idle" --pid "$pid" > "$work/$name.out"
    taskset -c "$load_cpu" "$load" pingpong --target "$addr" --conns "$conns" --size "$size" \
        --seconds "$seconds" --pid "$pid" >> "$work/$name.out"
    taskset -c "$load_cpu" "$load" bulk --target "$addr" --mib "$bulk_mib" --pid "$pid" >> "$work/$name.out"
    kill "$pid" 2>/dev/null || true
}

value() { sed -n "s/^$2=//p" "$work/$1.out" 2>/dev/null; }

# Rounds alternate haproxy and portcullis so that both see the same
# background load; each figure printed is the median over the rounds.
rounds="${BENCH_ROUNDS:-3}"
have_haproxy=1
have_portcullis=1
[ -x "$haproxy" ] || { echo "haproxy: not found ($haproxy)"; have_haproxy=0; }
for r in $(seq "$rounds"); do
    if [ "$have_haproxy" = 1 ]; then
        if run_proxy haproxy "$haproxy"; then
            mv "$work/haproxy.out" "$work/haproxy.$r.out"
        else
            echo "haproxy: not runnable"
            have_haproxy=0
        fi
    fi
    if [ "$have_portcullis" = 1 ]; then
        if run_proxy portcullis "$portcullis"; then
            mv "$work/portcullis.out" "$work/portcullis.$r.out"
        else
            echo "portcullis: not runnable"
            have_portcullis=0
        fi
    fi
done
# NAME.out holds the median of every key over the rounds
for name in haproxy portcullis; do
    cat "$work/$name".*.out 2>/dev/null | awk -F= '
        { v[$1] = v[$1] " " $2 }
        END { for (k in v) { n = split(v[k], a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
              print k "=" a[int((n + 1) / 2)] } }' > "$work/$name.out"
done

echo
echo "proxy on CPU $proxy_cpu (nbthread 1), tcpload on CPU $load_cpu; median of $rounds alternating rounds;" \
    "ping-pong: $conns connections, $size-byte messages, ${seconds}s; bulk: $bulk_mib MiB; idle: $idle connections"
printf '%-34s %14s %14s %8s\n' metric haproxy portcullis ratio
row() {
    local label="$1" key="$2" h="-" p="-" r="-"
    [ "$have_haproxy" = 1 ] && h="$(value haproxy "$key")"
    [ "$have_portcullis" = 1 ] && p="$(value portcullis "$key")"
    if [ -n "$h" ] && [ -n "$p" ] && [ "$h" != "-" ] && [ "$p" != "-" ]; then
        r="$(awk -v p="$p" -v h="$h" 'BEGIN { if (h > 0) printf "%.2f", p / h; else print "-" }')"
    fi
    printf '%-34s %14s %14s %8s\n' "$label" "${h:--}" "${p:--}" "$r"
}
row "requests/s (ping-pong)" pingpong_rps
row "requests per CPU-second" pingpong_requests_per_cpu_second
row "bulk MiB/s" bulk_mib_per_second
row "bulk MiB per CPU-second" bulk_mib_per_cpu_second
row "RSS bytes per idle connection" idle_bytes_per_conn
echo "(goals: >= 1.00 on requests per CPU-second, <= 0.50 on RSS per idle connection)"
