//! What a health-check state change does to the traffic, end to end on
//! loopback (issue 4, point 3): a DOWN server gets no new connections, the
//! backup takes over ("Running on backup") and gives the traffic back, a
//! proxy without any server left says so (ALERT) and closes its clients,
//! `on-marked-down shutdown-sessions` closes the sessions of a server going
//! DOWN (and only then), and a session waiting in the backend's queue is
//! served by a server coming UP, while one waiting in the queue of a
//! server going DOWN is handed to another server with `option redispatch`
//! and stays where it is without.
//!
//! `fixtures/runtime/checks-effect.cfg`: each server's check goes to its
//! own scripted check port, switched by the test. Messages are compared
//! byte for byte with haproxy 2.6.12's (pid and durations normalised); the
//! same scenario runs against haproxy (`_haproxy`, skipped loudly when
//! absent) and portcullis (`_portcullis`).

use std::net::SocketAddr;
use std::time::Duration;
use testkit::messages::{alert, lines_of, warning};
use testkit::{lo, replies, Behaviour, Client, Closed, MockServer, Proxy, ProxyBin, Running, Step};

const PORTCULLIS: &str = env!("CARGO_BIN_EXE_portcullis");
const DEADLINE: Duration = Duration::from_secs(30);

fn ok() -> Vec<Step> {
    replies::http("200 OK")
}

fn ise() -> Vec<Step> {
    replies::http("500 Internal Server Error")
}

const ISE: &str = ", reason: Layer7 wrong status, code: 500, info: \"Internal Server Error\", check duration: Nms";
const PASSED: &str = ", reason: Layer7 check passed, code: 200, check duration: Nms";

/// One server of the fixture: its traffic mock (answers its name) and its
/// check port (scripted, passing at start unless said otherwise).
struct Srv {
    traffic: MockServer,
    check: MockServer,
}

impl Srv {
    fn new(name: &str, check: Vec<Step>) -> Srv {
        Srv {
            traffic: MockServer::start(lo(2), name, Behaviour::Named),
            check: MockServer::scripted(lo(2), &format!("{name}-check"), check),
        }
    }

    fn set(&self, steps: Vec<Step>) {
        self.check.script().set(steps);
    }
}

struct Effect {
    run: Running,
    active: Srv,
    standby: Srv,
    only: Srv,
    shut: Srv,
    keep: Srv,
    q1: MockServer,
    q2: Srv,
    /// hashq (with redispatch) and hashq_nr (without): s1 checked, s2 not.
    h1: Srv,
    h2: MockServer,
    n1: Srv,
    n2: MockServer,
}

const LISTEN: [&str; 7] = [
    "BACKUP_FE",
    "LONELY_FE",
    "SHUT_FE",
    "KEEP_FE",
    "QUEUE_FE",
    "HASHQ_FE",
    "HASHQ_NR_FE",
];

fn effect(bin: &ProxyBin) -> Effect {
    let active = Srv::new("active", ok());
    let standby = Srv::new("standby", ok());
    let only = Srv::new("only", ok());
    let shut = Srv::new("shut", ok());
    let keep = Srv::new("keep", ok());
    let q1 = MockServer::start(lo(2), "s1", Behaviour::Named);
    let q2 = Srv::new("s2", ise());
    let h1 = Srv::new("h1", ok());
    let h2 = MockServer::start(lo(2), "h2", Behaviour::Named);
    let n1 = Srv::new("n1", ok());
    let n2 = MockServer::start(lo(2), "n2", Behaviour::Named);
    let mut vars = vec![
        ("Q1", q1.addr().to_string()),
        ("H2", h2.addr().to_string()),
        ("N2", n2.addr().to_string()),
    ];
    for (traffic, check, s) in [
        ("ACTIVE", "ACTIVE_CHECK", &active),
        ("STANDBY", "STANDBY_CHECK", &standby),
        ("ONLY", "ONLY_CHECK", &only),
        ("SHUT_SRV", "SHUT_CHECK", &shut),
        ("KEEP_SRV", "KEEP_CHECK", &keep),
        ("Q2", "Q2_CHECK", &q2),
        ("H1", "H1_CHECK", &h1),
        ("N1", "N1_CHECK", &n1),
    ] {
        vars.push((traffic, s.traffic.addr().to_string()));
        vars.push((check, s.check.addr().port().to_string()));
    }
    let run = bin.start_fixture("checks-effect.cfg", &LISTEN, &vars);
    Effect {
        run,
        active,
        standby,
        only,
        shut,
        keep,
        q1,
        q2,
        h1,
        h2,
        n1,
        n2,
    }
}

impl Effect {
    fn fe(&self, name: &str) -> SocketAddr {
        let i = LISTEN.iter().position(|l| *l == name).expect("a listener");
        self.run.addrs()[i]
    }
}

/// The name of the server a new connection to `fe` reaches.
fn server_of(fe: SocketAddr) -> String {
    let mut c = Client::connect(fe).expect("connect");
    c.read_line().expect("a server's name")
}

/// A new client of `fe` is closed without data.
fn refused_politely(fe: SocketAddr) {
    let mut c = Client::connect(fe).expect("the proxy accepts");
    let (data, how) = c.read_until_closed(DEADLINE);
    assert_eq!((data.as_slice(), how), (&b""[..], Closed::Eof));
}

/// Active DOWN: the backup takes the traffic ("Running on backup"); active
/// UP again: the traffic goes back. Backup DOWN too, then the active: no
/// server is left, the ALERT is printed and clients are closed.
fn backup_takes_over(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let e = effect(&bin);
    let fe = e.fe("BACKUP_FE");
    assert_eq!(server_of(fe), "active");

    e.active.set(ise());
    let down = warning(&format!("Server backup/active is DOWN{ISE}. 0 active and 1 backup servers left. Running on backup. 0 sessions active, 0 requeued, 0 remaining in queue."));
    e.run.wait_line(&down, DEADLINE);
    let before = e.active.traffic.accepted();
    for _ in 0..3 {
        assert_eq!(server_of(fe), "standby");
    }
    assert_eq!(e.active.traffic.accepted(), before, "no new connection");

    e.active.set(ok());
    let up = warning(&format!("Server backup/active is UP{PASSED}. 1 active and 1 backup servers online. 0 sessions requeued, 0 total in queue."));
    e.run.wait_line(&up, DEADLINE);
    for _ in 0..3 {
        assert_eq!(server_of(fe), "active");
    }

    e.standby.set(ise());
    let backup_down = warning(&format!("Backup Server backup/standby is DOWN{ISE}. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."));
    e.run.wait_line(&backup_down, DEADLINE);
    e.active.set(ise());
    let last = warning(&format!("Server backup/active is DOWN{ISE}. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."));
    let none = alert("proxy 'backup' has no server available!");
    e.run.wait_line(&none, DEADLINE);
    refused_politely(fe);

    let lines = e.run.state_lines();
    assert_eq!(
        lines_of(&lines, "backup", "active"),
        [down, up, last.clone()]
    );
    assert_eq!(lines_of(&lines, "backup", "standby"), [backup_down]);
    let at = lines
        .iter()
        .position(|l| *l == last)
        .expect("the last DOWN");
    assert_eq!(lines.get(at + 1), Some(&none), "the ALERT follows the DOWN");
}

#[test]
fn backup_takes_over_haproxy() {
    backup_takes_over(Proxy::Haproxy);
}

#[test]
fn backup_takes_over_portcullis() {
    backup_takes_over(Proxy::Portcullis);
}

/// A backend (behind a frontend) losing its only server: "backend '...'
/// has no server available!", and clients are closed without data; when
/// the server comes back, they are served again.
fn no_server_available(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let e = effect(&bin);
    let fe = e.fe("LONELY_FE");
    assert_eq!(server_of(fe), "only");
    e.only.set(ise());
    let down = warning(&format!("Server lonely/only is DOWN{ISE}. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."));
    let none = alert("backend 'lonely' has no server available!");
    e.run.wait_line(&none, DEADLINE);
    let before = e.only.traffic.accepted();
    refused_politely(fe);
    refused_politely(fe);
    assert_eq!(e.only.traffic.accepted(), before);
    e.only.set(ok());
    let up = warning(&format!("Server lonely/only is UP{PASSED}. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue."));
    e.run.wait_line(&up, DEADLINE);
    assert_eq!(server_of(fe), "only");
    let lines = e.run.state_lines();
    let at = lines
        .iter()
        .position(|l| *l == down)
        .expect("the DOWN line");
    assert_eq!(lines[at..at + 3], [down, none, up]);
}

#[test]
fn no_server_available_haproxy() {
    no_server_available(Proxy::Haproxy);
}

#[test]
fn no_server_available_portcullis() {
    no_server_available(Proxy::Portcullis);
}

/// With `on-marked-down shutdown-sessions` the open session of a server
/// going DOWN is closed; without it, the session goes on.
fn shutdown_sessions(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let e = effect(&bin);
    let mut shut = Client::connect(e.fe("SHUT_FE")).expect("connect");
    assert_eq!(shut.read_line().expect("served"), "shut");
    let mut keep = Client::connect(e.fe("KEEP_FE")).expect("connect");
    assert_eq!(keep.read_line().expect("served"), "keep");

    e.shut.set(ise());
    e.keep.set(ise());
    let down = |px: &str, active: u32| {
        warning(&format!("Server {px}/s is DOWN{ISE}. 0 active and 0 backup servers left. {active} sessions active, 0 requeued, 0 remaining in queue."))
    };
    // haproxy wakes the killed session before it counts the sessions for
    // the message, and with two threads the session may already be gone:
    // it prints 1 or 0 sessions active. The kept session is always there.
    let shut_down = [down("shut", 1), down("shut", 0)];
    e.run.wait_lines("shut/s DOWN", DEADLINE, |l| {
        l.iter().any(|x| shut_down.contains(x))
    });
    e.run.wait_line(&down("keep", 1), DEADLINE);
    for px in ["shut", "keep"] {
        let none = alert(&format!("proxy '{px}' has no server available!"));
        e.run.wait_line(&none, DEADLINE);
    }
    let (data, how) = shut.read_until_closed(DEADLINE);
    assert!(data.is_empty(), "{data:?}");
    assert_ne!(how, Closed::StillOpen, "the session was shut down");
    keep.send(b"still there\n").expect("send");
    assert_eq!(keep.read_line().expect("echoed"), "still there");
    wait_closed(&e.shut.traffic);
}

/// The server side of the shut session was closed too.
fn wait_closed(m: &MockServer) {
    testkit::wait_until("the server's connection to close", DEADLINE, || {
        m.current() == 0
    });
}

#[test]
fn shutdown_sessions_haproxy() {
    shutdown_sessions(Proxy::Haproxy);
}

#[test]
fn shutdown_sessions_portcullis() {
    shutdown_sessions(Proxy::Portcullis);
}

/// s1 holds one session (`maxconn 1`) and s2 is DOWN: a second client
/// waits in the backend's queue. When s2 comes UP it takes that session
/// ("1 sessions requeued").
fn queue_served_on_up(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let e = effect(&bin);
    let down = warning(&format!("Server queue/s2 is DOWN{ISE}. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."));
    e.run.wait_line(&down, DEADLINE);
    let fe = e.fe("QUEUE_FE");
    let mut first = Client::connect(fe).expect("connect");
    assert_eq!(first.read_line().expect("served"), "s1");
    let mut queued = Client::connect(fe).expect("connect");
    // A correct proxy never serves it here: s1 is full, s2 is DOWN.
    assert!(queued.stays_silent(Duration::from_millis(300)));
    e.q2.set(ok());
    assert_eq!(queued.read_line().expect("served by s2"), "s2");
    let up = warning(&format!("Server queue/s2 is UP{PASSED}. 2 active and 0 backup servers online. 1 sessions requeued, 0 total in queue."));
    e.run.wait_line(&up, DEADLINE);
    assert_eq!(lines_of(&e.run.state_lines(), "queue", "s2"), [down, up]);
    assert_eq!(e.q1.max_concurrent(), 1);
    drop(first);
}

#[test]
fn queue_served_on_up_haproxy() {
    queue_served_on_up(Proxy::Haproxy);
}

#[test]
fn queue_served_on_up_portcullis() {
    queue_served_on_up(Proxy::Portcullis);
}

/// Two clients from 127.0.0.2 (hashed to s1 by `balance source`): the
/// first holds s1's only slot, the second waits in s1's own queue. Then s1
/// goes DOWN. Returns the proxy and the two clients.
fn queued_on_s1(e: &Effect, fe: &str, px: &str, s1: &Srv, s2: &MockServer) -> (Client, Client) {
    let fe = e.fe(fe);
    let mut first = Client::connect_from(lo(2), fe).expect("connect");
    assert_eq!(
        first.read_line().expect("served"),
        s1.traffic.name(),
        "{px}"
    );
    let mut queued = Client::connect_from(lo(2), fe).expect("connect");
    // A correct proxy never serves it here: s1 is full.
    assert!(queued.stays_silent(Duration::from_millis(300)), "{px}");
    assert_eq!(s2.accepted(), 0);
    s1.set(ise());
    (first, queued)
}

fn s1_down(px: &str, counts: &str) -> String {
    warning(&format!("Server {px}/s1 is DOWN{ISE}. 1 active and 0 backup servers left. 1 sessions active, {counts} in queue."))
}

/// With `option redispatch`, the session waiting in the queue of a server
/// going DOWN is requeued, and s2 serves it.
fn server_queue_redispatched(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let e = effect(&bin);
    let (_first, mut queued) = queued_on_s1(&e, "HASHQ_FE", "hashq", &e.h1, &e.h2);
    let down = s1_down("hashq", "1 requeued, 0 remaining");
    e.run.wait_line(&down, DEADLINE);
    assert_eq!(queued.read_line().expect("served by s2"), "h2");
    assert_eq!(lines_of(&e.run.state_lines(), "hashq", "s1"), [down]);
}

#[test]
fn server_queue_redispatched_haproxy() {
    server_queue_redispatched(Proxy::Haproxy);
}

#[test]
fn server_queue_redispatched_portcullis() {
    server_queue_redispatched(Proxy::Portcullis);
}

/// Without `option redispatch`, haproxy leaves the waiting session in the
/// queue of the server going DOWN (`pendconn_redistribute` only moves
/// sessions when redispatch is set): "0 requeued, 1 remaining in queue",
/// and s2 does not get it.
fn server_queue_kept(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let e = effect(&bin);
    let (_first, mut queued) = queued_on_s1(&e, "HASHQ_NR_FE", "hashq_nr", &e.n1, &e.n2);
    let down = s1_down("hashq_nr", "0 requeued, 1 remaining");
    e.run.wait_line(&down, DEADLINE);
    // Never served while s1 holds its slot, however slow the machine.
    assert!(
        queued.stays_silent(Duration::from_millis(300)),
        "still in s1's queue"
    );
    assert_eq!(e.n2.accepted(), 0);
    assert_eq!(lines_of(&e.run.state_lines(), "hashq_nr", "s1"), [down]);
}

#[test]
fn server_queue_kept_haproxy() {
    server_queue_kept(Proxy::Haproxy);
}

#[test]
fn server_queue_kept_portcullis() {
    server_queue_kept(Proxy::Portcullis);
}
