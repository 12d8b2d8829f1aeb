//! Helpers shared by the integration tests: server lists and sequences of
//! picks written as haproxy's server names (`s1` is index 0).

#![allow(dead_code)]

use lb::{Balancer, Pick, ServerSpec};
use std::net::{IpAddr, Ipv4Addr};

/// Active servers `s1..sn` with these weights and ids 1..n.
pub fn servers(weights: &[u32]) -> Vec<ServerSpec> {
    (1..)
        .zip(weights)
        .map(|(puid, &w)| ServerSpec::new(puid, w))
        .collect()
}

/// The name of a pick: `s<index+1>`, `FULL` or `NOSRV`.
pub fn name(p: Pick) -> String {
    match p {
        Pick::Server(i) => format!("s{}", i + 1),
        Pick::Full => "FULL".into(),
        Pick::NoServer => "NOSRV".into(),
    }
}

/// `n` sequential requests: each picked server serves one connection that
/// ends before the next request, as with one client sending one request
/// at a time.
pub fn requests(b: &mut Balancer, n: usize) -> String {
    (0..n)
        .map(|_| {
            let p = b.pick(None, None);
            if let Pick::Server(i) = p {
                b.take(i);
                b.release(i);
            }
            name(p)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// 127.0.0.`last`.
pub fn lo(last: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 0, 0, last))
}

/// The server each of the 12 client addresses of §4.5 gets.
pub fn by_source(b: &mut Balancer) -> String {
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 77, 200]
        .iter()
        .map(|&l| name(b.pick(Some(lo(l)), None)))
        .collect::<Vec<_>>()
        .join(" ")
}

pub mod replay;
