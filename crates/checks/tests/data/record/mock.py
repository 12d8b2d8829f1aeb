#!/usr/bin/env python3
"""Scripted TCP mocks for observing haproxy's checks.
Usage: mock.py SPEC.json LOG.json ; SPEC = {port: script}, script = list of steps:
 ["send", "text with \\r\\n escapes as python literal"] / ["sendhex", "hex"] / ["recv", minbytes, timeout]
 ["sleep", s] / ["close"] / ["rst"]. Each connection's received bytes are logged (first 3 conns per port)."""
import json, socket, sys, threading, time, struct, ast
spec = json.load(open(sys.argv[1])); logf = sys.argv[2]
log = {}; lock = threading.Lock()
def handle(port, conn, script):
    got = b""; T0=time.time()
    try:
        for st in script:
            op = st[0]
            if op == "send": conn.sendall(st[1].encode("latin1").decode("unicode_escape").encode("latin1"))
            elif op == "sendhex": conn.sendall(bytes.fromhex(st[1]))
            elif op == "recv":
                want, tmo = st[1], st[2]; conn.settimeout(tmo); start=len(got)
                end = time.time()+tmo
                while len(got)-start < want and time.time() < end:
                    try:
                        d = conn.recv(65536)
                    except socket.timeout:
                        break
                    if not d: break
                    got += d
            elif op == "sleep": time.sleep(st[1])
            elif op == "waitclose":
                t0=time.time(); conn.settimeout(20)
                while True:
                    d=conn.recv(65536)
                    if not d: break
                    got += d
                got += ("<closed after %dms>" % int((time.time()-t0)*1000)).encode()
            elif op == "close": break
            elif op == "rst":
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0)); break
    except Exception as e:
        got += ("<EXC %r after %dms>" % (e, int((time.time()-T0)*1000))).encode()
    finally:
        conn.close()
        with lock:
            l = log.setdefault(str(port), [])
            if len(l) < 6: l.append(got.hex())
            json.dump(log, open(logf, "w"), indent=1)
def serve(port, script):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", int(port))); s.listen(64)
    while True:
        c, _ = s.accept()
        threading.Thread(target=handle, args=(port, c, script), daemon=True).start()
for p, sc in spec.items():
    threading.Thread(target=serve, args=(p, sc), daemon=True).start()
time.sleep(float(sys.argv[3]) if len(sys.argv) > 3 else 10)
