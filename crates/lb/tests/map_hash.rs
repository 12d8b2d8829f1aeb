//! static-rr and `balance source` (map-based and consistent): the
//! reference §4.4–4.6 values, and hash-less fallbacks.

mod common;

use common::{by_source, lo, name, requests, servers};
use lb::{full_hash, Algo, Balancer, Pick};

const MAP: Algo = Algo::Source {
    consistent: false,
    avalanche: false,
};
const CONSISTENT: Algo = Algo::Source {
    consistent: true,
    avalanche: true,
};

#[test]
fn static_rr_3_1_2_cycles_the_map() {
    let mut b = Balancer::new(Algo::StaticRr, &servers(&[3, 1, 2]), false);
    assert_eq!(requests(&mut b, 12), "s1 s1 s3 s1 s2 s3 s1 s1 s3 s1 s2 s3");
    assert_eq!((b.eweight(0), b.eweight(1), b.eweight(2)), (3, 1, 2));
    assert_eq!(b.tot_weight(), 6);
}

#[test]
fn static_rr_eweights_are_divided_by_the_gcd() {
    let b = Balancer::new(Algo::StaticRr, &servers(&[10, 20]), false);
    assert_eq!((b.eweight(0), b.eweight(1)), (1, 2));
    assert_eq!((b.stats_weight(0), b.stats_weight(1)), (10, 20));
    assert_eq!(b.backend_stats_weight(), 30);
}

#[test]
fn static_rr_skips_saturated_and_avoided_servers() {
    let mut specs = servers(&[1, 1, 1]);
    specs[1].maxconn = 1;
    let mut b = Balancer::new(Algo::StaticRr, &specs, false);
    b.take(1);
    assert_eq!(requests(&mut b, 4), "s1 s3 s1 s3");
    assert_eq!(b.pick(None, Some(0)), Pick::Server(2));
    assert_eq!(b.pick(None, Some(0)), Pick::Server(2));
    specs[2].maxconn = 1;
    let mut b = Balancer::new(Algo::StaticRr, &specs, false);
    b.take(1);
    b.take(2);
    // The avoided server is still returned when it is the only one left.
    assert_eq!(b.pick(None, Some(0)), Pick::Server(0));
    specs[0].maxconn = 1;
    let mut b = Balancer::new(Algo::StaticRr, &specs, false);
    (0..3).for_each(|i| b.take(i));
    assert_eq!(b.pick(None, None), Pick::Full);
}

#[test]
fn source_map_equal_weights() {
    let mut b = Balancer::new(MAP, &servers(&[1, 1, 1]), false);
    assert_eq!(by_source(&mut b), "s3 s1 s2 s3 s1 s2 s3 s1 s2 s3 s1 s1");
}

#[test]
fn source_map_weights_3_1_2() {
    let mut b = Balancer::new(MAP, &servers(&[3, 1, 2]), false);
    assert_eq!(by_source(&mut b), "s3 s1 s1 s3 s1 s2 s3 s1 s1 s3 s1 s1");
}

#[test]
fn source_consistent_equal_weights() {
    let mut b = Balancer::new(CONSISTENT, &servers(&[1, 1, 1]), false);
    assert_eq!(by_source(&mut b), "s2 s1 s3 s1 s2 s1 s3 s1 s1 s3 s3 s1");
}

#[test]
fn source_with_one_usable_server_does_not_hash() {
    let mut b = Balancer::new(MAP, &servers(&[1, 1]), false);
    b.set_usable(0, false);
    assert_eq!(by_source(&mut b).split(' ').collect::<Vec<_>>(), ["s2"; 12]);
}

#[test]
fn source_without_an_ip_is_an_error_not_a_fallback() {
    let mut b = Balancer::new(MAP, &servers(&[1, 1]), false);
    assert_eq!(b.pick(None, None), Pick::NoServer);
}

#[test]
fn consistent_hash_walks_past_the_avoided_server() {
    let mut b = Balancer::new(CONSISTENT, &servers(&[1, 1, 1]), false);
    // 127.0.0.1 goes to s2; on a retry avoiding s2 it must go elsewhere.
    assert_eq!(name(b.pick(Some(lo(1)), None)), "s2");
    let retry = b.pick(Some(lo(1)), Some(1));
    assert!(matches!(retry, Pick::Server(0 | 2)), "{retry:?}");
    // A lone server is returned even when it is the one to avoid.
    let mut one = Balancer::new(CONSISTENT, &servers(&[1]), false);
    assert_eq!(one.pick(Some(lo(1)), Some(0)), Pick::Server(0));
}

#[test]
fn consistent_hash_moves_few_keys_when_a_server_leaves() {
    let mut b = Balancer::new(CONSISTENT, &servers(&[1, 1, 1, 1]), false);
    let before: Vec<Pick> = (0..200u32).map(|k| b.pick_hash(Some(k), None)).collect();
    b.set_usable(3, false);
    let after: Vec<Pick> = (0..200u32).map(|k| b.pick_hash(Some(k), None)).collect();
    for (x, y) in before.iter().zip(&after) {
        if *x != Pick::Server(3) {
            assert_eq!(x, y, "a key not on s4 moved");
        }
    }
}

#[test]
fn avalanche_is_applied_to_the_raw_key() {
    let specs = servers(&[1, 1, 1]);
    let mut plain = Balancer::new(
        Algo::Source {
            consistent: true,
            avalanche: false,
        },
        &specs,
        false,
    );
    let mut aval = Balancer::new(CONSISTENT, &specs, false);
    for k in [1u32, 77, 0x7f00_0001, 123_456_789] {
        assert_eq!(
            aval.pick_hash(Some(k), None),
            plain.pick_hash(Some(full_hash(k)), None)
        );
    }
}

#[test]
fn missing_hash_input_falls_back_to_round_robin() {
    let mut map = Balancer::new(MAP, &servers(&[3, 1, 2]), false);
    let seq: Vec<String> = (0..6).map(|_| name(map.pick_hash(None, None))).collect();
    assert_eq!(seq.join(" "), "s1 s1 s3 s1 s2 s3");
    let mut ring = Balancer::new(CONSISTENT, &servers(&[1, 1, 1]), false);
    let mut seen = [0; 3];
    for _ in 0..48 {
        if let Pick::Server(i) = ring.pick_hash(None, None) {
            seen[i] += 1;
        }
    }
    // One full turn of the ring visits each server's 16 points once.
    assert_eq!(seen, [16, 16, 16]);
}

#[test]
fn hash_picks_may_return_a_saturated_server() {
    let mut specs = servers(&[1, 1, 1]);
    specs[2].maxconn = 1;
    let mut b = Balancer::new(MAP, &specs, false);
    b.take(2);
    // 127.0.0.1 maps to s3 (0x7f000001 % 3 == 2): the caller queues there.
    assert_eq!(b.pick(Some(lo(1)), None), Pick::Server(2));
    assert!(b.is_full(2));
}
