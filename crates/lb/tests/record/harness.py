import socket, subprocess, time, http.client, os, sys, json

BASE = 18500
SOCK = "/tmp/lb-record-s.sock"

def config(balance, servers, extra=""):
    # servers: list of (name, weight, opts)
    lines = ["global", "    nbthread 1", f"    stats socket {SOCK} level admin",
             "defaults", "    mode http", "    timeout client 5s", "    timeout server 5s", "    timeout connect 5s",
             "    http-reuse never", "    option httpclose",
             "frontend fe", f"    bind 127.0.0.1:{BASE}", f"    bind :::{BASE+100} v4v6", "    default_backend be",
             "backend be", f"    balance {balance}"]
    lines += ["    " + e for e in extra.splitlines() if e.strip()]
    for i, (name, w, opts) in enumerate(servers):
        lines.append(f"    server {name} 127.0.0.1:{BASE+1+i} weight {w} {opts}")
    for i, (name, w, opts) in enumerate(servers):
        lines += [f"frontend f_{name}", f"    bind 127.0.0.1:{BASE+1+i}",
                  f"    http-request return status 200 content-type text/plain string {name}"]
    return "\n".join(lines) + "\n"

def cmd(c):
    s = socket.socket(socket.AF_UNIX)
    s.connect(SOCK)
    s.sendall((c + "\n").encode())
    out = b""
    while True:
        d = s.recv(4096)
        if not d: break
        out += d
    s.close()
    return out.decode().strip()

def req(src=None, path="/"):
    kw = {}
    if src: kw["source_address"] = (src, 0)
    host, port = "127.0.0.1", BASE
    if src and ":" in src:
        host, port = ("::ffff:127.0.0.1" if src.startswith("::ffff:") else "::1"), BASE + 100
    c = http.client.HTTPConnection(host, port, timeout=5, **kw)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read().decode()
    c.close()
    return body if r.status == 200 else f"<{r.status}>"

def run(balance, servers, ops, extra=""):
    open("/tmp/lb-record-t.cfg", "w").write(config(balance, servers, extra))
    p = subprocess.Popen(["haproxy", "-f", "/tmp/lb-record-t.cfg", "-db"], stderr=subprocess.DEVNULL)
    time.sleep(0.4)
    out = []
    try:
        for op in ops:
            if isinstance(op, int):
                out.append(" ".join(req() for _ in range(op)))
            elif op.startswith("src "):
                out.append(" ".join(req(src=a) for a in op[4:].split()))
            elif op.startswith("uri "):
                out.append(" ".join(req(path=a) for a in op[4:].split()))
            else:
                r = cmd(op)
                out.append("> " + op + (" => " + r if r else ""))
    finally:
        p.terminate(); p.wait()
    return out

if __name__ == "__main__":
    spec = json.loads(sys.argv[1])
    for l in run(spec["balance"], [tuple(s) for s in spec["servers"]], spec["ops"], spec.get("extra", "")):
        print(l)
