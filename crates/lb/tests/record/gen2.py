import os, random, sys, socket, subprocess, time
import harness2
from harness2 import start_servers, config, readname, BASE
from harness import cmd

def run(seed, balance, nsrv=(3, 5), maxconn_p=0.7, nops=40, head_extra=()):
    r = random.Random(seed)
    n = r.randint(*nsrv)
    servers = []
    for i in range(n):
        w = r.choice([1, 1, 2, 3, 5, 8])
        mc = f" maxconn {r.randint(1, 3)}" if r.random() < maxconn_p else ""
        servers.append((f"s{i+1}", f"{w}{mc}"))
    head = [f"balance {balance}", *head_extra] + [f"server {a} {b}" for a, b in servers]
    harness2.BASE = BASE + 10 * (seed % 7)
    base = harness2.BASE
    start_servers([a for a, _ in servers])
    open("/tmp/lb-record-t3.cfg", "w").write(config(head[:1 + len(head_extra)], servers))
    p = subprocess.Popen(["haproxy", "-f", "/tmp/lb-record-t3.cfg", "-db"], stderr=subprocess.DEVNULL)
    time.sleep(0.4)
    conns, served, queued, out = {}, [], [], head + ["---"]
    try:
        for _ in range(nops):
            k = r.random()
            if k < 0.45 and len(served) + len(queued) < 14:
                res = []
                for _ in range(r.randint(1, 4)):
                    cid = len(conns) + 1
                    s = socket.create_connection(("127.0.0.1", base))
                    conns[cid] = s
                    nm = readname(s, 0.4)
                    if nm is None: queued.append(cid); nm = "Q"
                    else: served.append(cid)
                    res.append(nm)
                out.append(f"open {len(res)} => " + " ".join(res))
            elif k < 0.8 and served:
                ids = r.sample(served, min(len(served), r.randint(1, 3)))
                for c in ids:
                    conns[c].close(); served.remove(c)
                time.sleep(0.2)
                res = []
                for cid in list(queued):
                    nm = readname(conns[cid], 0.05)
                    if nm is not None:
                        queued.remove(cid); served.append(cid); res.append(f"c{cid}:{nm}")
                out.append("close " + " ".join(f"c{c}" for c in ids) + " => " + (" ".join(res) if res else "-"))
            elif not queued:
                s = r.randint(1, n)
                c = r.choice([f"set weight be/s{s} {r.choice([0, 1, 2, 3, 7])}", f"disable server be/s{s}", f"enable server be/s{s}"])
                if balance == "static-rr" and c.startswith("set weight"):
                    c = f"set weight be/s{s} " + r.choice(["0", servers[s-1][1].split()[0]])
                rr = cmd(c)
                out.append(c + ("  # " + rr if rr else ""))
                time.sleep(0.05)
    finally:
        p.terminate(); p.wait()
    return "\n".join(out) + "\n"

if __name__ == "__main__":
    seed, balance, name = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    extra = tuple(sys.argv[4:])
    text = run(seed, balance, head_extra=extra)
    open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", f"{name}.txt"), "w").write(text)
    print(name, text.count("Q"), "queued")
