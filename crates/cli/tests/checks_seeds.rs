//! The seeds' health checks, end to end on loopback (issue 4): seed 002's
//! xinetd check on `check port 9200` drains a Puppet master and brings it
//! back, seed 000's `option ssl-hello-chk` tells TLS servers from the
//! rest, and seed 003's three forms (`check inter 10s fall 3 rise 2` with
//! `option log-health-checks`, `option tcp-check` with `check port`,
//! `option httpchk GET /healthz`) report each server as haproxy does.
//!
//! The configs are the seeds' own (`fixtures/seeds/*-loopback.cfg`, read
//! with their checks kept, see `testkit::Seed::parse_with_checks`), with
//! kernel-chosen ports and shorter intervals so a run takes seconds:
//! seed 002's `inter 2000` becomes `inter 200`, seed 000's servers get
//! `inter 300`. Seed 003 is the template `fixtures/runtime/checks-seed003.cfg`
//! (its slides have placeholders for every address).
//!
//! Every message is compared byte for byte with the line haproxy 2.6.12
//! prints, after normalising only the pid and the check durations
//! (`testkit::messages`); the same expected lines are asserted for haproxy
//! (`_haproxy`, skipped loudly when it is absent) and for portcullis
//! (`_portcullis`). Nothing is timed: each step waits for a message or a
//! mock's count, with a generous deadline.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;
use testkit::messages::{lines_of, warning};
use testkit::{
    lo, replies, wait_until, Behaviour, Client, Closed, MockServer, PortReservation, Proxy,
    ProxyBin, Running, Seed, TlsServer,
};

const PORTCULLIS: &str = env!("CARGO_BIN_EXE_portcullis");

/// The deadline of every wait: far above the configs' intervals.
const DEADLINE: Duration = Duration::from_secs(30);

/// Reserves one port per address of `addrs` (on its IP): seed bind
/// address -> listener, and the reservations to hand to the proxy.
fn reserve(addrs: &[SocketAddr]) -> (BTreeMap<SocketAddr, SocketAddr>, Vec<PortReservation>) {
    let mut map = BTreeMap::new();
    let mut held = Vec::new();
    for a in addrs {
        let r = PortReservation::new(a.ip()).expect("reserve a port");
        map.insert(*a, r.addr());
        held.push(r);
    }
    (map, held)
}

/// The first line a new connection from `src` to `addr` receives.
fn name_from(addr: SocketAddr, src: IpAddr) -> String {
    let mut c = Client::connect_from(src, addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    c.read_line()
        .unwrap_or_else(|e| panic!("no server name through {addr} from {src}: {e}"))
}

// ---------------------------------------------------------------------
// Seed 002: balance source over two Puppet masters, each checked by an
// xinetd script on port 9200 that answers 200 or 503.
// ---------------------------------------------------------------------

const SEED002: &str = "002-puppetmaster-health-check-loopback.cfg";

/// Seed 002 running: the proxy, the Puppet masters (named mocks) and
/// their xinetd check scripts (scripted mocks), keyed by server name.
struct Seed002 {
    run: Running,
    fe: SocketAddr,
    masters: BTreeMap<String, MockServer>,
    xinetd: BTreeMap<String, MockServer>,
}

fn seed002(bin: &ProxyBin) -> Seed002 {
    let path = testkit::repo_root().join("fixtures/seeds").join(SEED002);
    let text = std::fs::read_to_string(path).expect("read seed 002");
    assert!(text.contains("inter 2000 rise 3 fall 3"));
    let seed = Seed::parse_with_checks(&text.replace("inter 2000", "inter 200"));
    let mut servers = BTreeMap::new();
    let mut checks = BTreeMap::new();
    let mut masters = BTreeMap::new();
    let mut xinetd = BTreeMap::new();
    for s in seed.servers() {
        let m = MockServer::start(s.addr.ip(), &s.name, Behaviour::Named);
        servers.insert(s.addr, m.addr());
        masters.insert(s.name.clone(), m);
        let x = MockServer::scripted(s.addr.ip(), &s.name, replies::xinetd(true));
        checks.insert(SocketAddr::new(s.addr.ip(), 9200), x.addr());
        xinetd.insert(s.name, x);
    }
    assert_eq!(seed.check_addrs().len(), 2, "one xinetd per server");
    let (binds, held) = reserve(&seed.binds());
    let config = seed.render_checks(&binds, &servers, &checks, &[]);
    let run = bin.start(&config, held);
    let fe = binds[&"127.0.0.1:8140".parse().expect("address")];
    Seed002 {
        run,
        fe,
        masters,
        xinetd,
    }
}

/// The client sources: 127.0.0.1-8, half of them hashed to each server.
fn sources() -> Vec<IpAddr> {
    (1..=8)
        .map(|n| IpAddr::V4(Ipv4Addr::new(127, 0, 0, n)))
        .collect()
}

/// Which master every source reaches.
fn seed002_traffic(s: &Seed002) -> Vec<String> {
    sources()
        .into_iter()
        .map(|ip| name_from(s.fe, ip))
        .collect()
}

/// §4.5: with both masters up, source address modulo 2 picks the server.
fn both_up() -> Vec<String> {
    sources()
        .into_iter()
        .map(|ip| {
            let IpAddr::V4(v4) = ip else { unreachable!() };
            format!("puppetmaster{}", u32::from(v4) % 2 + 1)
        })
        .collect()
}

const PM1_DOWN: &str = "Server puppetmaster_8140/puppetmaster1 is DOWN, reason: Layer7 wrong status, code: 503, info: \"Service Unavailable\", check duration: Nms. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.";
const PM1_UP: &str = "Server puppetmaster_8140/puppetmaster1 is UP, reason: Layer7 check passed, code: 200, check duration: Nms. 2 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.";

/// The operator drains puppetmaster1 by making its xinetd script answer
/// 503: after `fall` (3) failed checks it is DOWN with haproxy's message,
/// and every source goes to puppetmaster2. Answering 200 again brings it
/// back after `rise` (3) passed checks, and the sources are hashed over
/// both servers again.
fn seed002_drain_and_return(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let s = seed002(&bin);
    let pm1 = s.xinetd["puppetmaster1"].script();
    // A first passed check brings the server from "UP, going down" (health
    // at rise) to fully UP, so that fall counts from there (§5.1).
    wait_until("a first check of puppetmaster1", DEADLINE, || {
        pm1.served() >= 1
    });
    assert_eq!(seed002_traffic(&s), both_up(), "both masters up");

    pm1.set(replies::xinetd(false));
    s.run.wait_line(&warning(PM1_DOWN), DEADLINE);
    assert!(
        pm1.served() >= 3,
        "DOWN after {} failed checks, fall is 3",
        pm1.served()
    );
    let before = s.masters["puppetmaster1"].accepted();
    assert_eq!(
        seed002_traffic(&s),
        vec!["puppetmaster2".to_string(); 8],
        "puppetmaster1 drained"
    );
    assert_eq!(s.masters["puppetmaster1"].accepted(), before);

    pm1.set(replies::xinetd(true));
    s.run.wait_line(&warning(PM1_UP), DEADLINE);
    assert!(
        pm1.served() >= 3,
        "UP after {} passed checks, rise is 3",
        pm1.served()
    );
    assert_eq!(seed002_traffic(&s), both_up(), "puppetmaster1 is back");
    assert_eq!(s.run.state_lines(), [warning(PM1_DOWN), warning(PM1_UP)]);
}

#[test]
fn seed002_drain_and_return_haproxy() {
    seed002_drain_and_return(Proxy::Haproxy);
}

#[test]
fn seed002_drain_and_return_portcullis() {
    seed002_drain_and_return(Proxy::Portcullis);
}

/// The exact count, whatever the timing: the xinetd script's replies are
/// queued one per check. Two 503s from fully UP change nothing (fall is
/// 3); three take the server DOWN, and the next three 200s bring it UP.
/// The check request is haproxy's `option httpchk` default.
fn seed002_fall_and_rise_exact(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let s = seed002(&bin);
    let pm1 = s.xinetd["puppetmaster1"].script();
    wait_until("a first check of puppetmaster1", DEADLINE, || {
        pm1.served() >= 1
    });
    pm1.queue([replies::xinetd(false), replies::xinetd(false)]);
    // A check starts only once the previous one was counted and reported.
    let base = pm1.served();
    wait_until("three checks after the two 503s", DEADLINE, || {
        pm1.queued() == 0 && pm1.served() >= base + 3
    });
    assert_eq!(s.run.state_lines(), Vec::<String>::new(), "2 < fall");

    pm1.queue(vec![replies::xinetd(false); 3]);
    s.run.wait_line(&warning(PM1_DOWN), DEADLINE);
    s.run.wait_line(&warning(PM1_UP), DEADLINE);
    assert_eq!(s.run.state_lines(), [warning(PM1_DOWN), warning(PM1_UP)]);
    let head = &s.xinetd["puppetmaster1"].records()[0].head;
    assert_eq!(head.as_slice(), b"OPTIONS / HTTP/1.0\r\n\r\n");
}

#[test]
fn seed002_fall_and_rise_exact_haproxy() {
    seed002_fall_and_rise_exact(Proxy::Haproxy);
}

#[test]
fn seed002_fall_and_rise_exact_portcullis() {
    seed002_fall_and_rise_exact(Proxy::Portcullis);
}

// ---------------------------------------------------------------------
// Seed 000: roundrobin over six TLS Puppet masters, option ssl-hello-chk.
// ---------------------------------------------------------------------

const SEED000: &str = "000-puppet-masters-loopback.cfg";

/// Seed 000 with every server a TLS-ish mock answering the ClientHello
/// with a handshake record, except those named in `closing`, which close
/// without a word.
struct Seed000 {
    run: Running,
    fe: SocketAddr,
    mocks: BTreeMap<String, MockServer>,
}

fn seed000(bin: &ProxyBin, closing: &[&str]) -> Seed000 {
    let seed = Seed::load_with_checks(SEED000);
    let mut servers = BTreeMap::new();
    let mut mocks = BTreeMap::new();
    let mut extra = Vec::new();
    for s in seed.servers() {
        let steps = if closing.contains(&s.name.as_str()) {
            replies::close_after_request()
        } else {
            replies::tls_record(&s.name)
        };
        let m = MockServer::scripted(s.addr.ip(), &s.name, steps);
        servers.insert(s.addr, m.addr());
        mocks.insert(s.name.clone(), m);
        extra.push(s.name);
    }
    let extra: Vec<(&str, &str, &str)> = extra
        .iter()
        .map(|n| ("puppet0", n.as_str(), "inter 300"))
        .collect();
    let (binds, held) = reserve(&seed.binds());
    let config = seed.render(&binds, &servers, &extra);
    assert!(config.contains("option ssl-hello-chk") && config.contains("check maxconn 5"));
    let run = bin.start(&config, held);
    let fe = binds[&"127.0.0.1:8141".parse().expect("address")];
    Seed000 { run, fe, mocks }
}

/// The server a new connection reaches: it sends a byte and reads the
/// TLS-ish record back, whose payload is the server's name.
fn tls_server_of(fe: SocketAddr) -> String {
    let mut c = Client::connect(fe).expect("connect");
    c.send(b"\x16").expect("send");
    let (data, how) = c.read_until_closed(DEADLINE);
    assert_eq!(how, Closed::Eof, "the server closes after its record");
    assert!(data.len() > 5 && data[0] == 0x16, "a record: {data:?}");
    String::from_utf8_lossy(&data[5..]).trim_end().to_string()
}

/// How many of `n` sequential connections reached each server.
fn spread(fe: SocketAddr, n: usize) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for _ in 0..n {
        *m.entry(tls_server_of(fe)).or_insert(0) += 1;
    }
    m
}

const C2C_DOWN: &str = "Server puppet0/clustermember2c is DOWN, reason: Layer6 invalid response, info: \"TCPCHK got an empty response at step 2\", check duration: Nms. 5 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.";
const C2C_UP: &str = "Server puppet0/clustermember2c is UP, reason: Layer6 check passed, check duration: Nms. 6 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.";

/// A server that closes without answering the ClientHello is DOWN at its
/// first check (L6RSP, "TCPCHK got an empty response at step 2") and gets
/// no traffic; answering with a handshake record brings it back after
/// `rise` (2) checks and roundrobin covers all six again. The check sends
/// haproxy's 126-byte SSLv3 ClientHello.
fn seed000_ssl_hello(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let s = seed000(&bin, &["clustermember2c"]);
    s.run.wait_line(&warning(C2C_DOWN), DEADLINE);
    let five = spread(s.fe, 10);
    assert_eq!(five.len(), 5, "{five:?}");
    assert!(five.values().all(|&n| n == 2), "{five:?}");
    assert!(!five.contains_key("clustermember2c"));

    let c2c = s.mocks["clustermember2c"].script();
    c2c.set(replies::tls_record("clustermember2c"));
    s.run.wait_line(&warning(C2C_UP), DEADLINE);
    assert!(c2c.served() >= 2, "rise is 2");
    let six = spread(s.fe, 12);
    assert_eq!(six.len(), 6, "{six:?}");
    assert!(six.values().all(|&n| n == 2), "{six:?}");
    assert_eq!(s.run.state_lines(), [warning(C2C_DOWN), warning(C2C_UP)]);

    let hello = s.mocks["clustermember1"]
        .records()
        .into_iter()
        .find(|r| r.head.len() > 1)
        .expect("a check connection")
        .head;
    assert_eq!(hello.len(), 126, "one SSLv3 ClientHello record");
    assert_eq!(
        &hello[..11],
        b"\x16\x03\x00\x00\x79\x01\x00\x00\x75\x03\x00"
    );
    assert_eq!(&hello[15..43], b"HAPROXYSSLCHK\nHAPROXYSSLCHK\n");
}

#[test]
fn seed000_ssl_hello_haproxy() {
    seed000_ssl_hello(Proxy::Haproxy);
}

#[test]
fn seed000_ssl_hello_portcullis() {
    seed000_ssl_hello(Proxy::Portcullis);
}

/// Against a real TLS server (rustls, `testkit::TlsServer`, which answers
/// the SSLv3 hello with a fatal handshake_failure alert record and closes)
/// the check passes; against a plain HTTP server it fails (L6RSP, no info).
fn ssl_hello_real_tls(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let tls = TlsServer::start(lo(1));
    let plain = MockServer::scripted(lo(1), "plain", replies::http_bad_request());
    let run = bin.start_fixture(
        "checks-ssl.cfg",
        &["FE"],
        &[
            ("TLS", tls.addr().to_string()),
            ("PLAIN", plain.addr().to_string()),
        ],
    );
    let ok = "Health check for server ssl/tls succeeded, reason: Layer6 check passed, check duration: Nms, status: 3/3 UP.";
    let bad = "Health check for server ssl/plain failed, reason: Layer6 invalid response, check duration: Nms, status: 0/2 DOWN.";
    let down = "Server ssl/plain is DOWN. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.";
    run.wait_line(&warning(down), DEADLINE);
    run.wait_line(&warning(ok), DEADLINE);
    let lines = run.state_lines();
    assert_eq!(lines_of(&lines, "ssl", "tls"), [warning(ok)]);
    assert_eq!(
        lines_of(&lines, "ssl", "plain"),
        [warning(bad), warning(down)]
    );
    wait_until("the TLS listener's first connection", DEADLINE, || {
        !tls.records().is_empty()
    });
    let first = &tls.records()[0];
    assert_eq!(first.head.len(), 126, "one SSLv3 ClientHello: {first:?}");
    assert_eq!(&first.head[..3], b"\x16\x03\x00");
    assert_eq!(
        first.sent, b"\x15\x03\x03\x00\x02\x02\x28",
        "rustls answers with a fatal handshake_failure alert record"
    );
    assert!(first.error.is_some(), "{first:?}");
}

#[test]
fn ssl_hello_real_tls_haproxy() {
    ssl_hello_real_tls(Proxy::Haproxy);
}

#[test]
fn ssl_hello_real_tls_portcullis() {
    ssl_hello_real_tls(Proxy::Portcullis);
}

// ---------------------------------------------------------------------
// Seed 003: the lab's three health-check slides.
// ---------------------------------------------------------------------

/// The mocks behind `fixtures/runtime/checks-seed003.cfg`.
struct Seed003 {
    run: Running,
    /// app: srv1 serves, srv2 refuses connections.
    app: [MockServer; 2],
    /// app_tcp: the servers' check ports (18081 in the slide).
    tcp_checks: [MockServer; 2],
    /// app_http: `GET /healthz` answered 200 by srv1, 500 by srv2.
    http: [MockServer; 2],
}

fn seed003(bin: &ProxyBin) -> Seed003 {
    let app = [
        MockServer::start(lo(1), "srv1", Behaviour::Named),
        MockServer::refusing(lo(2), "srv2"),
    ];
    let tcp_checks = [
        MockServer::start(lo(1), "srv1-check", Behaviour::Named),
        MockServer::refusing(lo(2), "srv2-check"),
    ];
    let http = [
        MockServer::scripted(lo(1), "srv1-http", replies::http("200 OK")),
        MockServer::scripted(
            lo(2),
            "srv2-http",
            replies::http("500 Internal Server Error"),
        ),
    ];
    let port = |m: &MockServer| m.addr().port().to_string();
    let run = bin.start_fixture(
        "checks-seed003.cfg",
        &["HEALTH_IN", "TCP_IN", "HTTP_IN"],
        &[
            ("SRV1", app[0].addr().to_string()),
            ("SRV2", app[1].addr().to_string()),
            ("SRV1_PORT2", port(&tcp_checks[0])),
            ("SRV2_PORT2", port(&tcp_checks[1])),
            ("HTTP1", http[0].addr().to_string()),
            ("HTTP2", http[1].addr().to_string()),
        ],
    );
    Seed003 {
        run,
        app,
        tcp_checks,
        http,
    }
}

/// One line per server: what `option log-health-checks` and the state
/// change print, per backend of the slides.
fn seed003_expected(px: &str, srv: &str) -> Vec<String> {
    let ok = |reason: &str| {
        vec![warning(&format!(
            "Health check for server {px}/{srv} succeeded, reason: {reason}, check duration: Nms, status: 3/3 UP."
        ))]
    };
    let down = |reason: &str, rise: u32| {
        vec![
            warning(&format!("Health check for server {px}/{srv} failed, reason: {reason}, check duration: Nms, status: 0/{rise} DOWN.")),
            warning(&format!("Server {px}/{srv} is DOWN. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.")),
        ]
    };
    match (px, srv) {
        ("app" | "app_tcp", "srv1") => ok("Layer4 check passed"),
        ("app", "srv2") => down(
            "Layer4 connection problem, info: \"Connection refused\"",
            2,
        ),
        ("app_tcp", "srv2") => down(
            "Layer4 connection problem, info: \"Connection refused at initial connection step of tcp-check\"",
            2,
        ),
        ("app_http", "srv1") => ok("Layer7 check passed, code: 200"),
        ("app_http", "srv2") => down(
            "Layer7 wrong status, code: 500, info: \"Internal Server Error\"",
            2,
        ),
        _ => unreachable!("{px}/{srv}"),
    }
}

const SEED003_SERVERS: [(&str, &str); 6] = [
    ("app", "srv1"),
    ("app", "srv2"),
    ("app_tcp", "srv1"),
    ("app_tcp", "srv2"),
    ("app_http", "srv1"),
    ("app_http", "srv2"),
];

/// Each form reports each server's first check as haproxy does, the
/// failing server of each backend gets no traffic, and when srv2 of the
/// general-settings backend starts listening it comes back after `rise`
/// (2) checks, logging each one.
fn seed003_forms(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let s = seed003(&bin);
    let all_there = |lines: &[String]| {
        SEED003_SERVERS
            .iter()
            .all(|(px, srv)| lines_of(lines, px, srv).len() >= seed003_expected(px, srv).len())
    };
    s.run
        .wait_lines("every server's first check", DEADLINE, all_there);
    let lines = s.run.state_lines();
    for (px, srv) in SEED003_SERVERS {
        assert_eq!(
            lines_of(&lines, px, srv),
            seed003_expected(px, srv),
            "{px}/{srv}"
        );
    }
    let [fe, tcp_fe, http_fe] = [0, 1, 2].map(|i| s.run.addrs()[i]);
    for addr in [fe, fe, tcp_fe, tcp_fe] {
        assert_eq!(name_from(addr, lo(1)), "srv1", "srv2 is DOWN");
    }
    for _ in 0..2 {
        let mut c = Client::connect(http_fe).expect("connect");
        c.send(b"GET / HTTP/1.0\r\n\r\n").expect("send");
        let (data, _) = c.read_until_closed(DEADLINE);
        assert!(data.starts_with(b"HTTP/1.1 200 OK\r\n"), "{data:?}");
    }
    let checks: Vec<Vec<u8>> = s.http[0]
        .records()
        .into_iter()
        .map(|r| r.head)
        .filter(|h| h.as_slice() != b"GET / HTTP/1.0\r\n\r\n")
        .collect();
    assert!(!checks.is_empty());
    assert!(
        checks
            .iter()
            .all(|h| h.as_slice() == b"GET /healthz HTTP/1.0\r\n\r\n"),
        "{checks:?}"
    );
    assert_eq!(s.tcp_checks[1].accepted(), 0);

    s.app[1].resume();
    let up = [
        "Health check for server app/srv2 succeeded, reason: Layer4 check passed, check duration: Nms, status: 1/2 DOWN.",
        "Health check for server app/srv2 succeeded, reason: Layer4 check passed, check duration: Nms, status: 3/3 UP.",
        "Server app/srv2 is UP. 2 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.",
    ]
    .map(warning);
    s.run.wait_line(&up[2], DEADLINE);
    let mut expected = seed003_expected("app", "srv2");
    expected.extend(up);
    assert_eq!(lines_of(&s.run.state_lines(), "app", "srv2"), expected);
}

#[test]
fn seed003_forms_haproxy() {
    seed003_forms(Proxy::Haproxy);
}

#[test]
fn seed003_forms_portcullis() {
    seed003_forms(Proxy::Portcullis);
}
