"""Generate random scenarios (seeded) for one algorithm."""
import random, sys

def scenario(seed, balance, extra="", nsrv=(3, 7), backups=True, dynamic=True, nops=30, req="n"):
    r = random.Random(seed)
    n = r.randint(*nsrv)
    lines = [f"balance {balance}"] + ([extra] if extra else [])
    iw = []
    for i in range(n):
        w = r.choice([1, 1, 2, 3, 5, 7, 10, 16, 0]) if i else r.choice([1, 2, 3, 5])
        opts = " backup" if backups and i >= n - 2 and r.random() < 0.5 else ""
        iw.append(w)
        lines.append(f"server s{i+1} {w}{opts}")
    lines.append("---")
    for _ in range(nops):
        k = r.random()
        s = r.randint(1, n)
        if k < 0.25:
            if dynamic:
                lines.append(f"set weight be/s{s} {r.choice([0, 1, 1, 2, 3, 4, 5, 8, 13, 20, 256])}")
            else:
                lines.append(f"set weight be/s{s} {r.choice([0, iw[s-1]])}")
        elif k < 0.35:
            lines.append(f"disable server be/s{s}")
        elif k < 0.45:
            lines.append(f"enable server be/s{s}")
        else:
            if req == "n":
                lines.append(str(r.randint(1, 15)))
            elif req == "src":
                ips = " ".join(f"127.0.{r.randint(0,3)}.{r.randint(1,254)}" for _ in range(r.randint(3, 10)))
                lines.append("src " + ips)
            else:
                paths = " ".join("/" + "".join(r.choice("abcxyz/._-0123") for _ in range(r.randint(0, 8))) for _ in range(r.randint(3, 10)))
                lines.append("uri " + paths)
    return "\n".join(lines) + "\n"

if __name__ == "__main__":
    print(scenario(int(sys.argv[1]), sys.argv[2], *sys.argv[3:]), end="")
