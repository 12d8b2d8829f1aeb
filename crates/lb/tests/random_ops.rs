//! Random operations on every algorithm: no panic, and no pick of a
//! server that is unusable, or saturated when the algorithm checks
//! saturation.

mod common;

use lb::{Algo, Balancer, Pick, ServerSpec};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A small deterministic generator for the test itself.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const ALGOS: [Algo; 9] = [
    Algo::RoundRobin,
    Algo::StaticRr,
    Algo::LeastConn,
    Algo::First,
    Algo::Random { draws: 2 },
    Algo::Random { draws: 0 },
    Algo::Source {
        consistent: false,
        avalanche: false,
    },
    Algo::Source {
        consistent: true,
        avalanche: true,
    },
    Algo::Source {
        consistent: false,
        avalanche: true,
    },
];

/// Whether haproxy may return this saturated server: hash lookups,
/// leastconn while `served + queued < maxconn + maxqueue`, and the single
/// backup server.
fn may_return_full(
    algo: Algo,
    spec: &ServerSpec,
    b: &Balancer,
    i: usize,
    allbackups: bool,
) -> bool {
    let inflight = b.served(i) + b.queued(i);
    matches!(algo, Algo::Source { .. })
        || (algo == Algo::LeastConn && inflight < spec.maxconn + spec.maxqueue)
        || (b.using_backup() && !allbackups)
}

fn run(algo: Algo, seed: u64, allbackups: bool) {
    let mut r = Rng(seed);
    let n = r.below(9) as usize;
    let specs: Vec<ServerSpec> = (0..n)
        .map(|i| ServerSpec {
            puid: if r.below(8) == 0 { 1 } else { i as u32 + 1 },
            uweight: [0, 1, 1, 2, 3, 7, 256, 300][r.below(8) as usize],
            backup: r.below(3) == 0,
            maxconn: r.below(4) as u32,
            maxqueue: r.below(3) as u32,
        })
        .collect();
    let mut b = Balancer::new(algo, &specs, allbackups);
    b.set_prng_seed(seed as u32);
    let mut live: Vec<usize> = Vec::new();
    // A ring holds 16 points per unit of weight and every weight change
    // moves them, which is slow in debug builds: fewer steps there.
    let steps = match algo {
        Algo::Random { .. }
        | Algo::Source {
            consistent: true, ..
        } => 700,
        _ => 2000,
    };
    for step in 0..steps {
        let srv = r.below(n as u64 + 2) as usize;
        match r.below(10) {
            0 => b.set_usable(srv, r.below(3) != 0),
            1 => b.set_weight(srv, [0, 1, 2, 5, 16, 256, 1000][r.below(7) as usize]),
            2 => b.set_queued(srv, r.below(3) as u32),
            3 | 4 if !live.is_empty() => {
                let at = r.below(live.len() as u64) as usize;
                b.release(live.swap_remove(at));
            }
            5 => b.release(srv),
            _ => {
                let src = match r.below(3) {
                    0 => None,
                    1 => Some(IpAddr::V4(Ipv4Addr::from(r.next() as u32))),
                    _ => Some(IpAddr::V6(Ipv6Addr::from(u128::from(r.next())))),
                };
                let avoid = (r.below(4) == 0).then(|| r.below(n as u64 + 1) as usize);
                let p = if r.below(5) == 0 {
                    b.pick_hash(Some(r.next() as u32), avoid)
                } else {
                    b.pick(src, avoid)
                };
                if let Pick::Server(i) = p {
                    assert!(i < n, "{algo:?} seed {seed} step {step}: index {i}");
                    assert!(
                        b.is_usable(i),
                        "{algo:?} seed {seed} step {step}: unusable s{i}"
                    );
                    assert!(
                        !b.is_full(i) || may_return_full(algo, &specs[i], &b, i, allbackups),
                        "{algo:?} seed {seed} step {step}: saturated s{i}"
                    );
                    b.take(i);
                    live.push(i);
                }
                let usable = b.usable_active() + b.usable_backup();
                if usable == 0 {
                    assert_eq!(p, Pick::NoServer, "{algo:?} seed {seed} step {step}");
                }
            }
        }
        let _ = (b.eweight(srv), b.served(srv), b.queued(srv), b.tot_weight());
    }
}

#[test]
fn thousands_of_random_operations_never_panic_or_pick_wrong() {
    for algo in ALGOS {
        for seed in 1..=10u64 {
            run(
                algo,
                seed.wrapping_mul(0x9e37_79b9_7f4a_7c15),
                seed % 2 == 0,
            );
        }
    }
}
