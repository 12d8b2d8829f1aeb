//! Failing servers and connection limits, end to end on loopback (issue 3):
//! what a client sees when the server refuses, resets or never answers;
//! `retries` with and without `option redispatch`; server `maxconn` with
//! `timeout queue`; frontend `maxconn`.
//!
//! The configs' timeouts are small so that failures end quickly; no test
//! asserts a duration. Each client read has a deadline well above the
//! config's timeouts, so a client closed by its deadline instead of by the
//! proxy fails the test.
//!
//! Every scenario is written once over `Proxy` and run twice: `_haproxy`
//! against the real haproxy 2.6 (skipped loudly when it is absent) and
//! `_portcullis` against ours.

use std::net::SocketAddr;
use std::time::Duration;
use testkit::{
    lo, render, runtime_fixture, wait_until, Behaviour, Client, Closed, MockServer,
    PortReservation, Proxy, ProxyBin, Running,
};

const PORTCULLIS: &str = env!("CARGO_BIN_EXE_portcullis");

/// The client's deadline for the proxy to close a failed connection.
const DEADLINE: Duration = Duration::from_secs(15);

/// Starts `template` with one reserved loopback port per name of `listen`
/// and the given server addresses; returns the proxy and its listeners.
fn start(
    bin: &ProxyBin,
    template: &str,
    listen: &[&str],
    servers: &[(&str, SocketAddr)],
) -> (Running, Vec<SocketAddr>) {
    let ports: Vec<PortReservation> = listen
        .iter()
        .map(|_| PortReservation::loopback().expect("reserve"))
        .collect();
    let addrs: Vec<SocketAddr> = ports.iter().map(PortReservation::addr).collect();
    let mut vars: Vec<(&str, String)> = listen
        .iter()
        .zip(&addrs)
        .map(|(k, a)| (*k, a.to_string()))
        .collect();
    vars.extend(servers.iter().map(|(k, a)| (*k, a.to_string())));
    let run = bin.start(&render(&runtime_fixture(template), &vars), ports);
    (run, addrs)
}

/// What a client that sends `hello\n` to `addr` gets: the data and how the
/// connection ended.
fn hello(addr: SocketAddr) -> (String, Closed) {
    let mut c = Client::connect(addr).expect("the proxy accepts");
    c.send(b"hello\n").expect("send");
    let (data, how) = c.read_until_closed(DEADLINE);
    (String::from_utf8_lossy(&data).into_owned(), how)
}

/// What a client that sends nothing gets. A proxy that closes a client
/// whose data it has not read yet makes the kernel send a reset instead of
/// an end of stream, depending on timing; a silent client always sees the
/// proxy's close as it is.
fn silent_client(addr: SocketAddr) -> (String, Closed) {
    let mut c = Client::connect(addr).expect("the proxy accepts");
    let (data, how) = c.read_until_closed(DEADLINE);
    (String::from_utf8_lossy(&data).into_owned(), how)
}

/// `fixtures/runtime/failures.cfg` in front of its servers.
struct Failures {
    _run: Running,
    fe: Vec<SocketAddr>,
    resetting: MockServer,
    silent: MockServer,
    good: MockServer,
    _refusing: MockServer,
}

const REFUSED: usize = 0;
const RESET: usize = 1;
const SILENT: usize = 2;
const REDISPATCH: usize = 3;
const NO_REDISPATCH: usize = 4;

fn failures(bin: &ProxyBin) -> Failures {
    let refusing = MockServer::refusing(lo(2), "refusing");
    let resetting = MockServer::start(lo(2), "resetting", Behaviour::Reset);
    let silent = MockServer::start(lo(2), "silent", Behaviour::Silent);
    let good = MockServer::start(lo(3), "good", Behaviour::Named);
    let (run, fe) = start(
        bin,
        "failures.cfg",
        &["REFUSED", "RESET", "SILENT", "REDISPATCH", "NO_REDISPATCH"],
        &[
            ("REFUSING", refusing.addr()),
            ("RESETTING", resetting.addr()),
            ("SILENT_SRV", silent.addr()),
            ("GOOD", good.addr()),
        ],
    );
    Failures {
        _run: run,
        fe,
        resetting,
        silent,
        good,
        _refusing: refusing,
    }
}

/// The server refuses: after the retries the client is closed (FIN) with
/// no data.
fn server_refuses(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let f = failures(&bin);
    assert_eq!(silent_client(f.fe[REFUSED]), (String::new(), Closed::Eof));
}

#[test]
fn server_refuses_haproxy() {
    server_refuses(Proxy::Haproxy);
}

#[test]
fn server_refuses_portcullis() {
    server_refuses(Proxy::Portcullis);
}

/// The server accepts then resets: the client is closed (FIN) with no
/// data. The connection was established, so normally there is no retry;
/// but when the reset arrives before haproxy has confirmed the connection,
/// it counts as a failed connect and is retried (`retries 2`), so the
/// server sees one to three connections per client.
fn server_resets(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let f = failures(&bin);
    assert_eq!(silent_client(f.fe[RESET]), (String::new(), Closed::Eof));
    assert_eq!(silent_client(f.fe[RESET]), (String::new(), Closed::Eof));
    let n = f.resetting.accepted();
    assert!((2..=6).contains(&n), "{n} server connections for 2 clients");
}

#[test]
fn server_resets_haproxy() {
    server_resets(Proxy::Haproxy);
}

#[test]
fn server_resets_portcullis() {
    server_resets(Proxy::Portcullis);
}

/// The server accepts and never answers: `timeout server` (1s, below the
/// client's 5s) ends the session, the client is closed (FIN) with no data,
/// and the server got the client's bytes and saw its connection closed.
fn server_never_answers(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let f = failures(&bin);
    assert_eq!(hello(f.fe[SILENT]), (String::new(), Closed::Eof));
    wait_until("the silent server's connection to close", DEADLINE, || {
        !f.silent.records().is_empty()
    });
    assert_eq!(f.silent.records()[0].bytes_in, 6);
    assert_eq!(f.silent.accepted(), 1);
}

#[test]
fn server_never_answers_haproxy() {
    server_never_answers(Proxy::Haproxy);
}

#[test]
fn server_never_answers_portcullis() {
    server_never_answers(Proxy::Portcullis);
}

/// Round robin over a refusing server and a good one. With
/// `option redispatch` the last retry goes to the good server, so every
/// client is served; without it, the clients sent to the refusing server
/// (every other one, starting with the first) are closed with no data.
fn retries_redispatch(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let f = failures(&bin);
    let served = |addr| {
        let (data, how) = silent_client(addr);
        assert_eq!(
            how,
            Closed::Eof,
            "closed by the proxy: after the retries, or by timeout server"
        );
        data.lines().next().map(str::to_string)
    };
    let with: Vec<Option<String>> = (0..4).map(|_| served(f.fe[REDISPATCH])).collect();
    assert_eq!(
        with,
        vec![Some("good".to_string()); 4],
        "with option redispatch"
    );
    let without: Vec<Option<String>> = (0..4).map(|_| served(f.fe[NO_REDISPATCH])).collect();
    let good = Some("good".to_string());
    assert_eq!(
        without,
        [None, good.clone(), None, good],
        "without option redispatch"
    );
    assert_eq!(f.good.accepted(), 6);
}

#[test]
fn retries_redispatch_haproxy() {
    retries_redispatch(Proxy::Haproxy);
}

#[test]
fn retries_redispatch_portcullis() {
    retries_redispatch(Proxy::Portcullis);
}

/// Server `maxconn 1` with `timeout queue 2s`: while the first client
/// holds the only slot, a second one waits in the queue and is closed with
/// no data when the queue timeout expires; once the first session ended a
/// third client is served (possibly after a short wait in the queue, which
/// the queue timeout leaves ample room for). The server never had two
/// connections at once.
fn server_maxconn_timeout_queue(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let (_run, fe, hold, _hold2) = start_queue(&bin);
    let mut first = Client::connect(fe[0]).expect("connect");
    assert_eq!(first.read_line().expect("served"), "hold");
    assert_eq!(
        silent_client(fe[0]),
        (String::new(), Closed::Eof),
        "queued, then closed by timeout queue"
    );
    first.send(b"QUIT\n").expect("send");
    assert_eq!(
        first.read_until_closed(DEADLINE),
        (b"QUIT\n".to_vec(), Closed::Eof)
    );
    // The server closed, but the session lasts until the client closes too.
    drop(first);
    let mut third = Client::connect(fe[0]).expect("connect");
    assert_eq!(
        third.read_line().expect("served once the slot is free"),
        "hold"
    );
    assert_eq!((hold.max_concurrent(), hold.accepted()), (1, 2));
}

#[test]
fn server_maxconn_timeout_queue_haproxy() {
    server_maxconn_timeout_queue(Proxy::Haproxy);
}

#[test]
fn server_maxconn_timeout_queue_portcullis() {
    server_maxconn_timeout_queue(Proxy::Portcullis);
}

/// Frontend `maxconn 2`: a third client waits in the kernel's backlog (its
/// connect succeeds but nothing is forwarded), and is served as soon as one
/// of the first two ends. The server never had more than two at once.
fn frontend_maxconn(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let (_run, fe, _hold, hold2) = start_queue(&bin);
    let mut a = Client::connect(fe[1]).expect("connect");
    let mut b = Client::connect(fe[1]).expect("connect");
    assert_eq!(a.read_line().expect("served"), "hold2");
    assert_eq!(b.read_line().expect("served"), "hold2");
    let mut c = Client::connect(fe[1]).expect("the kernel accepts into the backlog");
    // A correct proxy never serves c here, however slow the machine.
    assert!(
        c.stays_silent(Duration::from_millis(300)),
        "a third connection was served"
    );
    assert_eq!(hold2.accepted(), 2);
    a.send(b"QUIT\n").expect("send");
    assert_eq!(
        a.read_until_closed(DEADLINE),
        (b"QUIT\n".to_vec(), Closed::Eof)
    );
    // The server closed, but the session lasts until the client closes too.
    drop(a);
    assert_eq!(c.read_line().expect("served once a slot is free"), "hold2");
    drop(b);
    assert_eq!(hold2.max_concurrent(), 2);
}

#[test]
fn frontend_maxconn_haproxy() {
    frontend_maxconn(Proxy::Haproxy);
}

#[test]
fn frontend_maxconn_portcullis() {
    frontend_maxconn(Proxy::Portcullis);
}

/// `fixtures/runtime/queue.cfg` (listeners QUEUED and LIMITED) in front of
/// its two named servers.
fn start_queue(bin: &ProxyBin) -> (Running, Vec<SocketAddr>, MockServer, MockServer) {
    let hold = MockServer::start(lo(2), "hold", Behaviour::Named);
    let hold2 = MockServer::start(lo(2), "hold2", Behaviour::Named);
    let (run, fe) = start(
        bin,
        "queue.cfg",
        &["QUEUED", "LIMITED"],
        &[("HOLD", hold.addr()), ("HOLD2", hold2.addr())],
    );
    (run, fe, hold, hold2)
}
