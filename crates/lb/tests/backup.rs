//! Backup servers (reference §4.10 and the map quirk of §4.4).

mod common;

use common::{requests, servers};
use lb::{Algo, Balancer, Pick, ServerSpec};

/// s1..s(a) active, then b backups, all of weight 1 unless given.
fn with_backups(active: &[u32], backups: &[u32]) -> Vec<ServerSpec> {
    let mut specs = servers(&[active, backups].concat());
    for s in specs.iter_mut().skip(active.len()) {
        s.backup = true;
    }
    specs
}

const ALL: [Algo; 6] = [
    Algo::RoundRobin,
    Algo::StaticRr,
    Algo::LeastConn,
    Algo::First,
    Algo::Random { draws: 2 },
    Algo::Source {
        consistent: true,
        avalanche: true,
    },
];

#[test]
fn backups_are_unused_while_an_active_server_is_usable() {
    for algo in ALL {
        let mut b = Balancer::new(algo, &with_backups(&[1, 1], &[1, 1]), false);
        b.set_usable(0, false);
        for _ in 0..10 {
            assert_eq!(
                b.pick(common::lo(9).into(), None),
                Pick::Server(1),
                "{algo:?}"
            );
        }
        assert!(!b.using_backup());
        assert_eq!((b.usable_active(), b.usable_backup()), (1, 2));
    }
}

#[test]
fn one_active_down_sends_everything_to_the_first_backup() {
    for algo in ALL {
        let mut b = Balancer::new(algo, &with_backups(&[1], &[1, 1]), false);
        b.set_usable(0, false);
        assert!(b.using_backup());
        for l in 1..=10 {
            assert_eq!(
                b.pick(Some(common::lo(l)), None),
                Pick::Server(1),
                "{algo:?}"
            );
        }
        // The next backup takes over when the first one leaves.
        b.set_usable(1, false);
        assert_eq!(
            b.pick(Some(common::lo(1)), None),
            Pick::Server(2),
            "{algo:?}"
        );
        b.set_usable(1, true);
        assert_eq!(
            b.pick(Some(common::lo(1)), None),
            Pick::Server(1),
            "{algo:?}"
        );
        b.set_usable(0, true);
        assert!(!b.using_backup());
        assert_eq!(
            b.pick(Some(common::lo(1)), None),
            Pick::Server(0),
            "{algo:?}"
        );
    }
}

#[test]
fn allbackups_balances_over_every_backup() {
    let mut b = Balancer::new(Algo::RoundRobin, &with_backups(&[1], &[1, 2]), true);
    b.set_usable(0, false);
    assert_eq!(requests(&mut b, 9), "s3 s3 s2 s3 s3 s2 s3 s3 s2");
    let mut b = Balancer::new(Algo::StaticRr, &with_backups(&[1], &[1, 1]), true);
    b.set_usable(0, false);
    assert_eq!(requests(&mut b, 4), "s2 s3 s2 s3");
}

#[test]
fn single_backup_is_returned_even_when_saturated() {
    let mut specs = with_backups(&[1], &[1]);
    specs[1].maxconn = 1;
    let mut b = Balancer::new(Algo::RoundRobin, &specs, false);
    b.set_usable(0, false);
    b.take(1);
    // haproxy hands `fbck` over without a saturation check; the caller
    // queues on it.
    assert_eq!(b.pick(None, None), Pick::Server(1));
    assert!(b.is_full(1));
}

#[test]
fn static_rr_backup_map_quirk() {
    // First backup weight 2, second 3: the map is sized by the first
    // backup (2 slots) but filled from both, giving [b1, b2].
    let mut b = Balancer::new(Algo::StaticRr, &with_backups(&[1], &[2, 3, 1]), false);
    assert_eq!(requests(&mut b, 3), "s1 s1 s1");
    b.set_usable(0, false);
    assert_eq!(b.tot_weight(), 2);
    assert_eq!(requests(&mut b, 6), "s3 s2 s3 s2 s3 s2");
    b.set_usable(1, false);
    assert_eq!(requests(&mut b, 4), "s3 s3 s3 s3");
}

#[test]
fn nothing_usable_gives_no_server() {
    for algo in ALL {
        let mut b = Balancer::new(algo, &with_backups(&[1], &[1]), false);
        b.set_usable(0, false);
        b.set_weight(1, 0);
        assert_eq!(
            b.pick(Some(common::lo(1)), None),
            Pick::NoServer,
            "{algo:?}"
        );
        assert!(!b.using_backup());
        let mut empty = Balancer::new(algo, &[], false);
        assert_eq!(empty.pick(Some(common::lo(1)), None), Pick::NoServer);
    }
}
