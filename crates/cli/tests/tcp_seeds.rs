//! The seeds' TCP load balancing, end to end on loopback (issue 3): each
//! scenario runs a seed config (`fixtures/seeds/*-loopback.cfg` with
//! kernel-chosen ports, and without its health-check, log and stats-socket
//! lines: see `testkit::Seed`) in front of mock servers that answer with
//! their name, and checks which server every client reached.
//!
//! Every scenario is written once over `Proxy` and run twice: `_haproxy`
//! against the real haproxy 2.6 (skipped loudly when it is absent) and
//! `_portcullis` against ours.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;
use testkit::{
    wait_until, Behaviour, Client, Closed, MockServer, PortReservation, Proxy, ProxyBin, Running,
    Seed,
};

const PORTCULLIS: &str = env!("CARGO_BIN_EXE_portcullis");

/// A seed running on loopback.
struct SeedRun {
    seed: Seed,
    run: Running,
    /// One mock per distinct server address of the seed, keyed by it.
    mocks: BTreeMap<SocketAddr, MockServer>,
    /// Seed bind address -> the loopback address the proxy listens on.
    binds: BTreeMap<SocketAddr, SocketAddr>,
    /// Seed server address -> its mock's address.
    servers: BTreeMap<SocketAddr, SocketAddr>,
}

impl SeedRun {
    /// Starts `seed` with one `Named` mock per distinct server address;
    /// `name` gives the name each mock answers with.
    fn start(
        bin: &ProxyBin,
        seed: Seed,
        name: impl Fn(SocketAddr) -> String,
        extra: &[(&str, &str, &str)],
    ) -> SeedRun {
        let mut mocks = BTreeMap::new();
        let mut servers = BTreeMap::new();
        for addr in seed.server_addrs() {
            let m = MockServer::start(addr.ip(), &name(addr), Behaviour::Named);
            servers.insert(addr, m.addr());
            mocks.insert(addr, m);
        }
        let mut binds = BTreeMap::new();
        let mut held = Vec::new();
        for addr in seed.binds() {
            let r = PortReservation::new(addr.ip()).expect("reserve a port");
            binds.insert(addr, r.addr());
            held.push(r);
        }
        let config = seed.render(&binds, &servers, extra);
        let run = bin.start(&config, held);
        SeedRun {
            seed,
            run,
            mocks,
            binds,
            servers,
        }
    }

    /// Where the proxy listens for the seed's bind address `seed_addr`.
    fn bind(&self, seed_addr: &str) -> SocketAddr {
        self.binds[&seed_addr.parse().expect("address")]
    }

    fn mock(&self, seed_addr: &str) -> &MockServer {
        &self.mocks[&seed_addr.parse().expect("address")]
    }
}

/// The name of the server a new connection to `addr` reaches.
fn server_of(addr: SocketAddr, src: Option<IpAddr>) -> String {
    let c = match src {
        Some(ip) => Client::connect_from(ip, addr),
        None => Client::connect(addr),
    };
    let mut c = c.unwrap_or_else(|e| panic!("connect to {addr}: {e}"));
    c.read_line()
        .unwrap_or_else(|e| panic!("no server name through {addr} from {src:?}: {e}"))
}

/// Mocks named after the seed's server names (seed 000: addresses are
/// distinct).
fn by_server_name(seed: &Seed) -> impl Fn(SocketAddr) -> String {
    let servers = seed.servers();
    move |a| {
        servers
            .iter()
            .find(|s| s.addr == a)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    }
}

// ---------------------------------------------------------------------
// Seed 000: six servers, roundrobin, maxconn 5 each.
// ---------------------------------------------------------------------

const SEED000: &str = "000-puppet-masters-loopback.cfg";

/// The names of the servers 60 sequential connections reach.
fn seed000_sequence(bin: &ProxyBin) -> Vec<String> {
    let seed = Seed::load(SEED000);
    let names = by_server_name(&seed);
    let s = SeedRun::start(bin, seed, names, &[]);
    let fe = s.bind("127.0.0.1:8141");
    (0..60).map(|_| server_of(fe, None)).collect()
}

/// 60 sequential connections follow the s1..s6 cycle of equal weights
/// (§4.3), and portcullis gives exactly haproxy's sequence.
fn seed000_roundrobin_order(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let order: Vec<String> = Seed::load(SEED000)
        .servers()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(order.len(), 6);
    let expected: Vec<String> = order.iter().cycle().take(60).cloned().collect();
    let got = seed000_sequence(&bin);
    assert_eq!(got, expected, "{} roundrobin order", p.name());
    if p == Proxy::Portcullis {
        if let Some(h) = Proxy::Haproxy.locate(PORTCULLIS) {
            assert_eq!(
                got,
                seed000_sequence(&h),
                "portcullis and haproxy sequences differ"
            );
        }
    }
}

#[test]
fn seed000_roundrobin_order_haproxy() {
    seed000_roundrobin_order(Proxy::Haproxy);
}

#[test]
fn seed000_roundrobin_order_portcullis() {
    seed000_roundrobin_order(Proxy::Portcullis);
}

/// 40 concurrent long connections: every server holds at most 5 at once
/// (`maxconn 5`), 30 are served together, the other 10 wait in the queue
/// and are served as slots free up; all 40 complete.
fn seed000_maxconn_queue(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let seed = Seed::load(SEED000);
    let names = by_server_name(&seed);
    let s = SeedRun::start(&bin, seed, names, &[]);
    let fe = s.bind("127.0.0.1:8141");
    let served = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<(String, Closed)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..40)
            .map(|_| {
                let served = &served;
                scope.spawn(move || {
                    let mut c = Client::connect(fe).expect("connect");
                    let name = c
                        .read_line()
                        .expect("a server name, possibly after queueing");
                    served.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    // Hold the connection until all 30 slots were full at
                    // once; queued clients get here after that.
                    wait_until(
                        "30 connections served at once",
                        Duration::from_secs(30),
                        || served.load(std::sync::atomic::Ordering::SeqCst) >= 30,
                    );
                    // The server closes first on QUIT (see testkit::mock).
                    c.send(b"QUIT\n").expect("send QUIT");
                    let (echo, how) = c.read_until_closed(Duration::from_secs(15));
                    assert_eq!(echo, b"QUIT\n");
                    (name, how)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("client thread"))
            .collect()
    });
    assert_eq!(results.len(), 40);
    assert!(
        results.iter().all(|(_, how)| *how == Closed::Eof),
        "{results:?}"
    );
    for m in s.mocks.values() {
        assert_eq!(
            m.max_concurrent(),
            5,
            "{}: at most 5 at once, and 5 when 30 were held",
            m.name()
        );
    }
    let total: usize = s.mocks.values().map(MockServer::accepted).sum();
    assert_eq!(total, 40, "every connection reached one server once");
    drop(s.run);
}

#[test]
fn seed000_maxconn_queue_haproxy() {
    seed000_maxconn_queue(Proxy::Haproxy);
}

#[test]
fn seed000_maxconn_queue_portcullis() {
    seed000_maxconn_queue(Proxy::Portcullis);
}

// ---------------------------------------------------------------------
// Seed 002: balance source, hash-type map-based.
// ---------------------------------------------------------------------

const SEED002: &str = "002-puppetmaster-health-check-loopback.cfg";

/// The client source addresses: 127.0.0.1-20 and a few far apart.
fn sources() -> Vec<Ipv4Addr> {
    let mut v: Vec<Ipv4Addr> = (1..=20).map(|n| Ipv4Addr::new(127, 0, 0, n)).collect();
    v.extend([
        Ipv4Addr::new(127, 0, 0, 77),
        Ipv4Addr::new(127, 0, 0, 200),
        Ipv4Addr::new(127, 1, 2, 3),
        Ipv4Addr::new(127, 255, 0, 9),
    ]);
    v
}

/// Seed 002 as written (two servers), or with a third server appended.
fn seed002(servers: usize) -> Seed {
    let path = testkit::repo_root().join("fixtures/seeds").join(SEED002);
    let mut text = std::fs::read_to_string(path).expect("read seed 002");
    if servers == 3 {
        text.push_str("  server puppetmaster3 127.0.0.4:8140\n");
    }
    Seed::parse(&text)
}

/// For every source address, the server a connection from it reaches.
fn seed002_choices(bin: &ProxyBin, servers: usize) -> Vec<(Ipv4Addr, String)> {
    let seed = seed002(servers);
    let names = by_server_name(&seed);
    let s = SeedRun::start(bin, seed, names, &[]);
    let fe = s.bind("127.0.0.1:8140");
    sources()
        .into_iter()
        .map(|ip| (ip, server_of(fe, Some(IpAddr::V4(ip)))))
        .collect()
}

/// §4.5: with equal weights the map is the servers in order, and the
/// source address read as a big-endian u32, modulo the server count,
/// indexes it (no hash function).
fn expected_source_choice(seed: &Seed, ip: Ipv4Addr) -> String {
    let servers = seed.servers();
    let n = u32::try_from(servers.len()).expect("few servers");
    servers[(u32::from(ip) % n) as usize].name.clone()
}

fn seed002_source_hash(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    for count in [2, 3] {
        let seed = seed002(count);
        let got = seed002_choices(&bin, count);
        let expected: Vec<(Ipv4Addr, String)> = sources()
            .into_iter()
            .map(|ip| (ip, expected_source_choice(&seed, ip)))
            .collect();
        assert_eq!(got, expected, "{} with {count} servers", p.name());
    }
}

#[test]
fn seed002_source_hash_haproxy() {
    seed002_source_hash(Proxy::Haproxy);
}

#[test]
fn seed002_source_hash_portcullis() {
    seed002_source_hash(Proxy::Portcullis);
}

/// The differential test: the same config, the same clients, both binaries
/// must pick the same server for every source address.
#[test]
fn seed002_source_hash_differential() {
    let (Some(h), Some(p)) = (
        Proxy::Haproxy.locate(PORTCULLIS),
        Proxy::Portcullis.locate(PORTCULLIS),
    ) else {
        return;
    };
    for count in [2, 3] {
        assert_eq!(
            seed002_choices(&p, count),
            seed002_choices(&h, count),
            "portcullis vs haproxy, {count} servers"
        );
    }
}

// ---------------------------------------------------------------------
// Seed 001: nine listeners, balance source on 443, the CA port to the
// first smart proxy only.
// ---------------------------------------------------------------------

const SEED001: &str = "001-smart-proxies-loopback.cfg";

fn seed001_port_table(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    // Mocks answer with their seed address: "127.0.0.1:8140" is proxy01's
    // Puppet port, whichever listener reaches it.
    let s = SeedRun::start(&bin, Seed::load(SEED001), |a| a.to_string(), &[]);
    let servers = s.seed.servers();
    for (section, bind) in s.seed.bind_sections() {
        let fe = s.binds[&bind];
        let members: Vec<String> = servers
            .iter()
            .filter(|sv| sv.section == section)
            .map(|sv| sv.addr.to_string())
            .collect();
        if section == "https" {
            // balance source, map-based: §4.5.
            for ip in sources().into_iter().take(8) {
                let expected = members[(u32::from(ip) % members.len() as u32) as usize].clone();
                assert_eq!(
                    server_of(fe, Some(IpAddr::V4(ip))),
                    expected,
                    "https from {ip}"
                );
            }
        } else {
            let got: Vec<String> = (0..4).map(|_| server_of(fe, None)).collect();
            let expected: Vec<String> = members.iter().cycle().take(4).cloned().collect();
            assert_eq!(got, expected, "listener {section}");
        }
    }
    // The CA port reached proxy01's Puppet port only.
    let ca = s.bind("127.0.0.1:8141");
    for _ in 0..4 {
        assert_eq!(server_of(ca, None), "127.0.0.1:8140");
    }
    assert_eq!(
        s.mock("127.0.0.2:8140").accepted(),
        2,
        "proxy02 got only the puppet listener's share"
    );
}

#[test]
fn seed001_port_table_haproxy() {
    seed001_port_table(Proxy::Haproxy);
}

#[test]
fn seed001_port_table_portcullis() {
    seed001_port_table(Proxy::Portcullis);
}

// ---------------------------------------------------------------------
// Seed 004: active/passive with backup servers.
// ---------------------------------------------------------------------

const SEED004: &str = "004-foreman-ha-active-passive-loopback.cfg";

/// The two active/passive listeners: (bind, active, backup), seed addresses.
const ACTIVE_PASSIVE: [(&str, &str, &str); 2] = [
    ("127.0.0.1:8141", "127.0.0.1:8140", "127.0.0.2:8140"),
    ("127.0.0.1:8444", "127.0.0.1:8443", "127.0.0.2:8443"),
];

/// Every listener of `ACTIVE_PASSIVE` sends 3 connections to `which`
/// (0: the active, 1: the backup).
fn assert_all_to(s: &SeedRun, which: usize, what: &str) {
    for (bind, active, backup) in ACTIVE_PASSIVE {
        let want = [active, backup][which];
        for _ in 0..3 {
            assert_eq!(server_of(s.bind(bind), None), want, "{bind}: {what}");
        }
    }
}

/// The active server refuses connections (its mock stopped), then comes
/// back. Without health checks haproxy never marks a server down, so the
/// backup does not take over: the connection to the active is retried
/// (`retries 3`; the seed has no `option redispatch`, and a redispatch
/// could only pick the same active server) and the client is closed without
/// data. When the active listens again, traffic goes to it again.
fn seed004_refused_active(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let s = SeedRun::start(&bin, Seed::load(SEED004), |a| a.to_string(), &[]);
    assert_all_to(&s, 0, "all to the active while it is up");
    for (_, active, _) in ACTIVE_PASSIVE {
        s.mock(active).stop();
    }
    std::thread::scope(|scope| {
        for (bind, _, _) in ACTIVE_PASSIVE {
            let fe = s.bind(bind);
            scope.spawn(move || {
                let mut c = Client::connect(fe).expect("the proxy accepts");
                let (data, how) = c.read_until_closed(Duration::from_secs(20));
                assert_eq!(
                    (data.as_slice(), how),
                    (&b""[..], Closed::Eof),
                    "{bind}: closed, no data"
                );
            });
        }
    });
    for (_, _, backup) in ACTIVE_PASSIVE {
        assert_eq!(
            s.mock(backup).accepted(),
            0,
            "{backup}: no health checks, no takeover"
        );
    }
    for (_, active, _) in ACTIVE_PASSIVE {
        s.mock(active).resume();
    }
    assert_all_to(&s, 0, "all to the active once it is back");
}

#[test]
fn seed004_refused_active_haproxy() {
    seed004_refused_active(Proxy::Haproxy);
}

#[test]
fn seed004_refused_active_portcullis() {
    seed004_refused_active(Proxy::Portcullis);
}

/// The active servers `disabled` in the config: the backup takes over.
/// A reload (`-sf`) with the active servers enabled brings the traffic
/// back to them, and the old process exits 0.
fn seed004_disabled_active(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let disabled = [
        ("puppetca", "puppetca01", "disabled"),
        ("puppetca_smartproxy", "puppetca01", "disabled"),
    ];
    let mut s = SeedRun::start(&bin, Seed::load(SEED004), |a| a.to_string(), &disabled);
    assert_all_to(&s, 1, "all to the backup while the active is disabled");
    let enabled = s.seed.render(&s.binds, &s.servers, &[]);
    let new = s.run.handover(&enabled);
    let mut old = std::mem::replace(&mut s.run, new);
    let status = old.guard.wait_exit(Duration::from_secs(20));
    assert!(
        status.is_some_and(|st| st.success()),
        "old process after -sf: {status:?}\n{}",
        old.output()
    );
    assert_all_to(&s, 0, "all to the active after the reload enabled it");
}

#[test]
fn seed004_disabled_active_haproxy() {
    seed004_disabled_active(Proxy::Haproxy);
}

#[test]
fn seed004_disabled_active_portcullis() {
    seed004_disabled_active(Proxy::Portcullis);
}
