"""Held-connection scenarios in tcp mode: servers answer their name on accept
and keep the connection until the client closes it."""
import asyncio, socket, subprocess, threading, time, sys
from harness import cmd, SOCK

BASE = 18700

def start_servers(names):
    loop = asyncio.new_event_loop()
    async def handler(name, r, w):
        w.write((name + "\n").encode()); await w.drain()
        try:
            await r.read()
        except Exception:
            pass
        w.close()
    async def main():
        for i, n in enumerate(names):
            await asyncio.start_server(lambda r, w, n=n: handler(n, r, w), "127.0.0.1", BASE + 1 + i)
    loop.run_until_complete(main())
    t = threading.Thread(target=loop.run_forever, daemon=True); t.start()
    return loop

def config(head_lines, servers):
    lines = ["global", "    nbthread 1", f"    stats socket {SOCK} level admin",
             "defaults", "    mode tcp", "    timeout client 30s", "    timeout server 30s", "    timeout connect 5s", "    timeout queue 30s",
             "frontend fe", f"    bind 127.0.0.1:{BASE}", "    default_backend be", "backend be"]
    lines += ["    " + l for l in head_lines]
    for i, (name, rest) in enumerate(servers):
        lines.append(f"    server {name} 127.0.0.1:{BASE+1+i} weight {rest}")
    return "\n".join(lines) + "\n"

def readname(s, t):
    s.settimeout(t)
    try:
        d = s.recv(100)
        return d.decode().strip() if d else "<closed>"
    except socket.timeout:
        return None

def record(text):
    head, ops = text.split("---\n", 1)
    hl, servers = [], []
    for l in head.splitlines():
        w = l.split()
        if not w: continue
        if w[0] == "server": servers.append((w[1], " ".join(w[2:])))
        else: hl.append(l)
    start_servers([n for n, _ in servers])
    open("/tmp/lb-record-t2.cfg", "w").write(config(hl, servers))
    p = subprocess.Popen(["haproxy", "-f", "/tmp/lb-record-t2.cfg", "-db"], stderr=subprocess.DEVNULL)
    time.sleep(0.4)
    conns, queued, out = {}, [], [head.rstrip("\n"), "---"]
    try:
        for op in ops.splitlines():
            w = op.split()
            if not w: continue
            if w[0] == "open":
                res = []
                for _ in range(int(w[1])):
                    cid = len(conns) + 1
                    s = socket.create_connection(("127.0.0.1", BASE))
                    conns[cid] = s
                    n = readname(s, 0.4)
                    if n is None:
                        queued.append(cid); n = "Q"
                    res.append(n)
                out.append(op + " => " + " ".join(res))
            elif w[0] == "close":
                for c in w[1:]:
                    conns[int(c[1:])].close()
                time.sleep(0.2)
                res = []
                for cid in list(queued):
                    n = readname(conns[cid], 0.05)
                    if n is not None:
                        queued.remove(cid); res.append(f"c{cid}:{n}")
                out.append(op + " => " + (" ".join(res) if res else "-"))
            else:
                r = cmd(op)
                out.append(op + ("  # " + r if r else ""))
                time.sleep(0.05)
    finally:
        p.terminate(); p.wait()
    return "\n".join(out) + "\n"

if __name__ == "__main__":
    print(record(open(sys.argv[1]).read()), end="")
