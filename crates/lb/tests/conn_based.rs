//! leastconn, first and random (reference §4.6, §4.9) and maxconn
//! saturation (§4.11).

mod common;

use common::{name, requests, servers};
use lb::{Algo, Balancer, Pick, ServerSpec};

/// Pick and keep the connection open.
fn hold(b: &mut Balancer) -> String {
    let p = b.pick(None, None);
    if let Pick::Server(i) = p {
        b.take(i);
    }
    name(p)
}

fn holds(b: &mut Balancer, n: usize) -> String {
    (0..n).map(|_| hold(b)).collect::<Vec<_>>().join(" ")
}

#[test]
fn leastconn_rotates_among_idle_servers_whatever_their_weight() {
    let mut b = Balancer::new(Algo::LeastConn, &servers(&[3, 1, 2]), false);
    assert_eq!(requests(&mut b, 7), "s1 s2 s3 s1 s2 s3 s1");
}

#[test]
fn leastconn_chooses_the_least_loaded_by_weight() {
    let mut b = Balancer::new(Algo::LeastConn, &servers(&[1, 1, 1]), false);
    // Idle servers first, then equal loads in FIFO order.
    assert_eq!(holds(&mut b, 6), "s1 s2 s3 s1 s2 s3");
    b.release(1);
    b.release(1);
    assert_eq!(holds(&mut b, 1), "s2");
    // s2 and s3 now both hold one; s2 was repositioned first (at its take,
    // before s3's release), so it comes first among equals.
    b.release(2);
    assert_eq!(holds(&mut b, 3), "s2 s3 s1");
    // Weights: s1 (weight 2) takes two connections for each of s2's.
    let mut w = Balancer::new(Algo::LeastConn, &servers(&[2, 1]), false);
    assert_eq!(holds(&mut w, 2), "s1 s2");
    assert_eq!(holds(&mut w, 6), "s1 s1 s2 s1 s1 s2");
    assert_eq!((w.served(0), w.served(1)), (5, 3));
}

#[test]
fn leastconn_counts_queued_connections_and_skips_saturated_servers() {
    let mut specs = servers(&[1, 1]);
    specs[0].maxconn = 1;
    let mut b = Balancer::new(Algo::LeastConn, &specs, false);
    assert_eq!(holds(&mut b, 2), "s1 s2");
    assert_eq!(holds(&mut b, 2), "s2 s2");
    specs[1].maxconn = 3;
    let mut b = Balancer::new(Algo::LeastConn, &specs, false);
    assert_eq!(holds(&mut b, 4), "s1 s2 s2 s2");
    assert_eq!(b.pick(None, None), Pick::Full);
    // With a maxqueue, a saturated server whose queue has room is chosen.
    specs[1].maxqueue = 2;
    let mut b = Balancer::new(Algo::LeastConn, &specs, false);
    assert_eq!(holds(&mut b, 4), "s1 s2 s2 s2");
    assert_eq!(b.pick(None, None), Pick::Server(1));
    assert!(b.is_full(1));
    b.set_queued(1, 2);
    assert_eq!(b.pick(None, None), Pick::Full);
}

#[test]
fn first_fills_servers_by_id_up_to_maxconn() {
    let specs: Vec<ServerSpec> = [(3, 2), (1, 1), (2, 2)]
        .iter()
        .map(|&(puid, maxconn)| ServerSpec {
            maxconn,
            ..ServerSpec::new(puid, 1)
        })
        .collect();
    let mut b = Balancer::new(Algo::First, &specs, false);
    // ids 1, 2, 3 are s2, s3, s1.
    assert_eq!(holds(&mut b, 5), "s2 s3 s3 s1 s1");
    assert_eq!(b.pick(None, None), Pick::Full);
    b.release(2);
    assert_eq!(holds(&mut b, 1), "s3");
    b.release(1);
    assert_eq!(holds(&mut b, 1), "s2");
    // Avoiding the only free server still returns it.
    b.release(0);
    assert_eq!(b.pick(None, Some(0)), Pick::Server(0));
}

#[test]
fn first_without_maxconn_always_takes_the_lowest_id() {
    let mut b = Balancer::new(Algo::First, &servers(&[1, 5, 9]), false);
    assert_eq!(holds(&mut b, 4), "s1 s1 s1 s1");
    assert_eq!(b.pick(None, Some(0)), Pick::Server(1));
}

#[test]
fn roundrobin_saturation_skips_then_returns_full() {
    let mut specs = servers(&[1, 1, 1]);
    specs[0].maxconn = 1;
    specs[1].maxconn = 1;
    specs[2].maxconn = 1;
    let mut b = Balancer::new(Algo::RoundRobin, &specs, false);
    assert_eq!(holds(&mut b, 3), "s1 s2 s3");
    assert_eq!(b.pick(None, None), Pick::Full);
    assert_eq!(b.pick(None, None), Pick::Full);
    b.release(1);
    assert_eq!(holds(&mut b, 1), "s2");
    b.release(0);
    b.release(2);
    assert_eq!(holds(&mut b, 2), "s3 s1");
    // A queue on a server also saturates it.
    b.release(0);
    b.set_queued(0, 1);
    assert!(b.is_full(0));
    assert_eq!(b.pick(None, None), Pick::Full);
}

#[test]
fn random_prefers_the_less_loaded_of_its_draws() {
    let mut b = Balancer::new(Algo::Random { draws: 2 }, &servers(&[1, 1]), false);
    b.set_prng_seed(7);
    for _ in 0..50 {
        b.take(0);
    }
    let mut picks = [0; 2];
    for _ in 0..200 {
        if let Pick::Server(i) = b.pick(None, None) {
            picks[i] += 1;
        }
    }
    // s1 wins only when both draws land on it (about 1 in 4).
    assert!(picks[1] > 120 && picks[0] > 10, "{picks:?}");
    let mut one = Balancer::new(Algo::Random { draws: 1 }, &servers(&[1, 1]), false);
    one.set_prng_seed(7);
    let mut seen = [0; 2];
    for _ in 0..400 {
        if let Pick::Server(i) = one.pick(None, None) {
            seen[i] += 1;
        }
    }
    assert!(seen[0] > 100 && seen[1] > 100, "{seen:?}");
}

#[test]
fn random_returns_full_when_its_choice_is_saturated() {
    let mut specs = servers(&[1]);
    specs[0].maxconn = 1;
    let mut b = Balancer::new(Algo::Random { draws: 2 }, &specs, false);
    assert_eq!(holds(&mut b, 1), "s1");
    assert_eq!(b.pick(None, None), Pick::Full);
}

#[test]
fn random_is_reproducible_with_a_seed() {
    let run = |seed| {
        let mut b = Balancer::new(Algo::Random { draws: 2 }, &servers(&[1, 2, 3]), false);
        b.set_prng_seed(seed);
        requests(&mut b, 20)
    };
    assert_eq!(run(42), run(42));
    assert_ne!(run(42), run(43));
}
