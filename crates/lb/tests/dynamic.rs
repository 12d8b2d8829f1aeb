//! Runtime weight and state changes keep roundrobin fair: over every
//! window of the group's total weight, each server's share matches its
//! weight within one pick.

mod common;

use common::servers;
use lb::{Algo, Balancer, Pick};

/// Count picks per server over `cycles` windows of the current total
/// weight, checking each window.
fn check_fair(b: &mut Balancer, weights: &[u32], cycles: usize) {
    let total: u32 = weights.iter().sum();
    for cycle in 0..cycles {
        let mut count = vec![0u32; weights.len()];
        for _ in 0..total {
            match b.pick(None, None) {
                Pick::Server(i) => count[i] += 1,
                other => panic!("{other:?}"),
            }
        }
        for (i, (&c, &w)) in count.iter().zip(weights).enumerate() {
            assert!(
                c.abs_diff(w) <= 1,
                "cycle {cycle}: s{} got {c} picks for weight {w} ({count:?})",
                i + 1
            );
        }
    }
}

#[test]
fn a_server_coming_back_gets_its_share() {
    let mut b = Balancer::new(Algo::RoundRobin, &servers(&[3, 1, 2]), false);
    check_fair(&mut b, &[3, 1, 2], 3);
    b.set_usable(2, false);
    for _ in 0..7 {
        assert_ne!(b.pick(None, None), Pick::Server(2));
    }
    b.set_usable(2, true);
    // The first window after the change may be uneven by the change
    // itself; the following ones must be exact within one pick.
    for _ in 0..6 {
        b.pick(None, None);
    }
    check_fair(&mut b, &[3, 1, 2], 20);
}

#[test]
fn weight_changes_are_followed() {
    let mut b = Balancer::new(Algo::RoundRobin, &servers(&[1, 1, 1, 1]), false);
    check_fair(&mut b, &[1, 1, 1, 1], 2);
    b.set_weight(0, 5);
    b.set_weight(3, 2);
    assert_eq!(b.eweight(0), 80);
    assert_eq!(b.uweight(3), 2);
    for _ in 0..9 {
        b.pick(None, None);
    }
    check_fair(&mut b, &[5, 1, 1, 2], 20);
    b.set_weight(0, 0);
    assert!(!b.is_usable(0));
    for _ in 0..4 {
        assert_ne!(b.pick(None, None), Pick::Server(0));
    }
    check_fair(&mut b, &[0, 1, 1, 2], 20);
    b.set_weight(0, 1);
    for _ in 0..5 {
        b.pick(None, None);
    }
    check_fair(&mut b, &[1, 1, 1, 2], 20);
}

#[test]
fn weights_are_clamped_and_eweights_follow_the_algorithm() {
    let mut b = Balancer::new(Algo::RoundRobin, &servers(&[1000, 2]), false);
    assert_eq!((b.uweight(0), b.eweight(0), b.eweight(1)), (256, 4096, 32));
    assert_eq!((b.stats_weight(0), b.backend_stats_weight()), (256, 258));
    b.set_weight(1, 999);
    assert_eq!(b.uweight(1), 256);
    let m = Balancer::new(Algo::StaticRr, &servers(&[4, 6]), false);
    assert_eq!((m.eweight(0), m.eweight(1)), (2, 3));
}
