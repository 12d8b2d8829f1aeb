#!/usr/bin/env python3
"""Send raw bytes to a haproxy stats socket and print every byte it answers, until it closes.

usage: cli.py SOCKET 'bytes with \\n escapes' [wait-seconds]
The bytes are sent at once; the answer is read until EOF or until nothing arrives for the wait (default 1 s).
"""
import socket, sys, codecs
path, data = sys.argv[1], codecs.decode(sys.argv[2], "unicode_escape").encode("latin-1")
wait = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
s = socket.socket(socket.AF_UNIX)
s.connect(path)
s.sendall(data)
s.settimeout(wait)
out = b""
try:
    while True:
        b = s.recv(65536)
        if not b:
            break
        out += b
except socket.timeout:
    out += b"<<still open>>"
sys.stdout.buffer.write(out)
