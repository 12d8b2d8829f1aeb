"""Run a scenario (header + ops) on haproxy 2.6.12 and print the transcript."""
import sys, random
from harness import run

def parse(text):
    head, ops = text.split("---\n", 1)
    balance, extra, servers = None, [], []
    for l in head.splitlines():
        w = l.split()
        if not w: continue
        if w[0] == "balance": balance = " ".join(w[1:])
        elif w[0] == "server":
            opts = " ".join(w[3:])
            servers.append((w[1], int(w[2]), opts))
        else: extra.append(l)
    return balance, servers, "\n".join(extra), head, [o for o in ops.splitlines() if o.strip()]

def record(text):
    balance, servers, extra, head, ops = parse(text)
    hops = []
    for o in ops:
        if o.split()[0].isdigit(): hops.append(int(o.split()[0]))
        else: hops.append(o)
    out = run(balance, servers, hops, extra)
    res = [head.rstrip("\n"), "---"]
    for o, r in zip(ops, out):
        if r.startswith("> "):
            res.append(o if " => " not in r else o + "  # " + r.split(" => ",1)[1])
        else:
            res.append(o + " => " + r)
    return "\n".join(res) + "\n"

if __name__ == "__main__":
    print(record(open(sys.argv[1]).read()), end="")
