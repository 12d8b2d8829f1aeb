//! `balance roundrobin` (FWRR): the sequences observed with haproxy 2.6.12
//! (reference §4.3), dynamic weights and up/down changes.

mod common;

use common::{requests, servers};
use lb::{Algo, Balancer};

fn rr(weights: &[u32]) -> Balancer {
    Balancer::new(Algo::RoundRobin, &servers(weights), false)
}

#[test]
fn equal_weights_rotate_in_declaration_order() {
    assert_eq!(requests(&mut rr(&[1, 1, 1]), 6), "s1 s2 s3 s1 s2 s3");
}

#[test]
fn weights_3_1_2_two_cycles() {
    assert_eq!(
        requests(&mut rr(&[3, 1, 2]), 12),
        "s1 s3 s1 s2 s1 s3 s1 s3 s1 s2 s1 s3"
    );
}

#[test]
fn weights_5_1_two_cycles() {
    assert_eq!(
        requests(&mut rr(&[5, 1]), 12),
        "s1 s1 s1 s1 s1 s2 s1 s1 s1 s1 s1 s2"
    );
}

#[test]
fn weights_2_3_7_two_cycles() {
    let cycle = "s3 s3 s2 s3 s1 s3 s2 s3 s3 s3 s2 s1";
    assert_eq!(
        requests(&mut rr(&[2, 3, 7]), 24),
        format!("{cycle} {cycle}")
    );
}
