#!/bin/sh
# Re-record every case of cases.txt from the real haproxy 2.6.12 (Debian's /usr/sbin/haproxy).
# Run from this directory: ./record.sh   (needs python3; uses /tmp/st for the sockets; ports 19780-19799).
# haproxy runs with a fixed environment so that `show env` is reproducible; the test normalises pid,
# uptime, times, memory and pointers (see tests/recorded.rs).
set -e
cd "$(dirname "$0")"
mkdir -p /tmp/st recorded
rm -f /tmp/st/*.sock
env -i PATH=/usr/bin:/bin FOO=bar /usr/sbin/haproxy -f haproxy.cfg -db >/tmp/st/haproxy.log 2>&1 &
pid=$!
trap 'kill $pid' EXIT
sleep 3
grep -v '^#' cases.txt | while IFS='|' read -r level bytes name; do
    case $level in oper) sock=/tmp/st/oper.sock ;; *) sock=/tmp/st/$level.sock ;; esac
    ./cli.py "$sock" "$bytes" > "recorded/$name"
done
