import sys
from gen import scenario
from record import record
import os
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data") + "/"
jobs = [
  ("rr-random-1", dict(seed=1, balance="roundrobin")),
  ("rr-random-2", dict(seed=2, balance="roundrobin", nops=60)),
  ("rr-random-3", dict(seed=3, balance="roundrobin", nsrv=(6, 9), nops=60)),
  ("rr-random-4", dict(seed=4, balance="roundrobin", extra="option allbackups", nops=60)),
  ("static-rr-random-1", dict(seed=11, balance="static-rr", dynamic=False, nops=50)),
  ("static-rr-random-2", dict(seed=12, balance="static-rr", dynamic=False, extra="option allbackups", nops=50)),
  ("leastconn-random-1", dict(seed=21, balance="leastconn", nops=50)),
  ("first-random-1", dict(seed=31, balance="first", nops=40)),
  ("source-map-random-1", dict(seed=41, balance="source", dynamic=False, req="src", nops=40)),
  ("source-consistent-random-1", dict(seed=42, balance="source", extra="hash-type consistent", req="src", nops=50)),
  ("uri-map-djb2-random-1", dict(seed=51, balance="uri", extra="hash-type map-based djb2", dynamic=False, req="uri", nops=40)),
  ("uri-consistent-wt6-random-1", dict(seed=52, balance="uri", extra="hash-type consistent wt6 avalanche", req="uri", nops=50)),
  ("uri-consistent-crc32-random-1", dict(seed=53, balance="uri", extra="hash-type consistent crc32", req="uri", nops=50)),
  ("uri-consistent-random-1", dict(seed=54, balance="uri", extra="hash-type consistent", req="uri", nops=50, nsrv=(2,4))),
]
jobs += [(f"rr-random-{s}", dict(seed=s, balance="roundrobin", nops=80, nsrv=(2, 8))) for s in range(5, 13)]
jobs += [(f"leastconn-random-{s}", dict(seed=20+s, balance="leastconn", nops=60)) for s in range(2, 4)]
jobs += [(f"source-consistent-random-{s}", dict(seed=40+s, balance="source", extra="hash-type consistent", req="src", nops=50)) for s in range(2, 5)]
jobs += [(f"uri-map-random-{s}", dict(seed=60+s, balance="uri", extra="option allbackups", dynamic=False, req="uri", nops=50)) for s in range(1, 3)]
only = sys.argv[1:]
for name, kw in jobs:
    if only and name not in only: continue
    text = record(scenario(**kw))
    open(out + name + ".txt", "w").write(text)
    print(name, "ok")
