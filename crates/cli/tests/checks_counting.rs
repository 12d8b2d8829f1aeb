//! Health-check counting end to end (issue 4, §5.1 of the behaviour
//! reference): a server starts UP before its first check; the first failed
//! check takes it DOWN at once; from DOWN it takes `rise` passed checks in
//! a row to come UP (a failure while rising starts again from 0), from
//! fully UP `fall` failed ones to go DOWN, and a failure while still up
//! only steps the health back. `option log-health-checks` reports every
//! result that changes the health, with its `x/y` counts.
//!
//! The check servers' replies are queued one per check (`Script::queue`),
//! so the sequence of results, and therefore of messages, is the same on
//! every run whatever the machine's speed. The expected lines are the ones
//! haproxy 2.6.12 prints (pid and durations normalised), asserted for
//! haproxy (`_haproxy`, skipped loudly when absent) and for portcullis.

use std::time::Duration;
use testkit::messages::{lines_of, warning};
use testkit::{
    lo, replies, wait_until, Behaviour, Client, MockServer, Proxy, ProxyBin, Running, Step,
};

const PORTCULLIS: &str = env!("CARGO_BIN_EXE_portcullis");
const DEADLINE: Duration = Duration::from_secs(30);

/// `fixtures/runtime/checks-counting.cfg` and its mocks.
struct Counting {
    run: Running,
    logged: MockServer,
    quiet: MockServer,
    first_srv: MockServer,
    first_check: MockServer,
    _spare: MockServer,
}

fn ok() -> Vec<Step> {
    replies::http("200 OK")
}

fn ise() -> Vec<Step> {
    replies::http("500 Internal Server Error")
}

/// The replies of the first 15 checks; every later check passes.
fn queue() -> Vec<Vec<Step>> {
    vec![
        ise(),
        ok(),
        ok(),
        ise(),
        ise(),
        ok(),
        ok(),
        ok(),
        ise(),
        ok(),
        ise(),
        ise(),
        ok(),
        ok(),
        ok(),
    ]
}

fn counting(bin: &ProxyBin) -> Counting {
    let logged = MockServer::scripted(lo(2), "logged", ok());
    let quiet = MockServer::scripted(lo(2), "quiet", ok());
    for m in [&logged, &quiet] {
        m.script().queue(queue());
    }
    let first_srv = MockServer::start(lo(3), "first", Behaviour::Named);
    let first_check = MockServer::scripted(lo(3), "first-check", replies::silent());
    let spare = MockServer::start(lo(4), "spare", Behaviour::Named);
    let run = bin.start_fixture(
        "checks-counting.cfg",
        &["FE", "FIRST_FE"],
        &[
            ("LOGGED", logged.addr().to_string()),
            ("QUIET", quiet.addr().to_string()),
            ("SPARE", spare.addr().to_string()),
            ("FIRST_SRV", first_srv.addr().to_string()),
            ("FIRST_CHECK_PORT", first_check.addr().port().to_string()),
        ],
    );
    Counting {
        run,
        logged,
        quiet,
        first_srv,
        first_check,
        _spare: spare,
    }
}

fn result(px: &str, passed: bool, status: &str) -> String {
    let what = if passed {
        "succeeded, reason: Layer7 check passed, code: 200"
    } else {
        "failed, reason: Layer7 wrong status, code: 500, info: \"Internal Server Error\""
    };
    warning(&format!(
        "Health check for server {px}/a {what}, check duration: Nms, status: {status}."
    ))
}

fn down(px: &str, reason: &str) -> String {
    warning(&format!("Server {px}/a is DOWN{reason}. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."))
}

fn up(px: &str, reason: &str) -> String {
    warning(&format!(
        "Server {px}/a is UP{reason}. 2 active and 0 backup servers online. 0 sessions requeued, 0 total in queue."
    ))
}

/// rise 3, fall 2, so the health runs from 0 to 4 and the server is up
/// from 3 (§5.1); the comments give the health after each check.
fn expected_logged() -> Vec<String> {
    let px = "logged";
    vec![
        result(px, false, "0/3 DOWN"), // 3 -> 2 < rise: 0
        down(px, ""),
        result(px, true, "1/3 DOWN"),
        result(px, true, "2/3 DOWN"),
        result(px, false, "0/3 DOWN"), // 2 -> 1 < rise: 0 again
        // a failure at 0 changes nothing and prints nothing
        result(px, true, "1/3 DOWN"),
        result(px, true, "2/3 DOWN"),
        result(px, true, "2/2 UP"), // 3 = rise: straight to 4
        up(px, ""),
        result(px, false, "1/2 UP"), // 3: still up
        result(px, true, "2/2 UP"),
        result(px, false, "1/2 UP"),
        result(px, false, "0/3 DOWN"), // fall 2 from fully up
        down(px, ""),
        result(px, true, "1/3 DOWN"),
        result(px, true, "2/3 DOWN"),
        result(px, true, "2/2 UP"),
        up(px, ""),
    ]
}

fn expected_quiet() -> Vec<String> {
    let d = ", reason: Layer7 wrong status, code: 500, info: \"Internal Server Error\", check duration: Nms";
    let u = ", reason: Layer7 check passed, code: 200, check duration: Nms";
    let px = "quiet";
    vec![down(px, d), up(px, u), down(px, d), up(px, u)]
}

/// The 15 queued results give exactly haproxy's sequence, and the passed
/// checks after them print nothing.
fn rise_fall_sequence(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let c = counting(&bin);
    for (m, px) in [(&c.logged, "logged"), (&c.quiet, "quiet")] {
        let s = m.script();
        // Once two more checks started, the proxy reported the last
        // queued result (a server's checks run one after the other).
        wait_until(
            &format!("{px}: the queue and two more checks"),
            DEADLINE,
            || s.queued() == 0 && s.served() >= 2,
        );
    }
    let lines = c.run.state_lines();
    assert_eq!(lines_of(&lines, "logged", "a"), expected_logged());
    assert_eq!(lines_of(&lines, "quiet", "a"), expected_quiet());
    assert_eq!(lines.len(), 18 + 4, "{lines:#?}");
    let head = &c.logged.records()[0].head;
    assert_eq!(head.as_slice(), b"GET /health HTTP/1.0\r\n\r\n");
}

#[test]
fn rise_fall_sequence_haproxy() {
    rise_fall_sequence(Proxy::Haproxy);
}

#[test]
fn rise_fall_sequence_portcullis() {
    rise_fall_sequence(Proxy::Portcullis);
}

/// While its first check is still running (the check server never
/// answers, `timeout check 1m`), the server is UP and takes traffic, and
/// nothing is printed about it.
fn up_before_first_check(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let c = counting(&bin);
    wait_until("the first check to connect", DEADLINE, || {
        c.first_check.accepted() >= 1
    });
    let fe = c.run.addrs()[1];
    for _ in 0..3 {
        let mut cl = Client::connect(fe).expect("connect");
        assert_eq!(cl.read_line().expect("served"), "first");
    }
    assert_eq!(c.first_srv.accepted(), 3);
    assert_eq!(c.first_check.accepted(), 1, "one check, still running");
    assert!(lines_of(&c.run.state_lines(), "first", "a").is_empty());
}

#[test]
fn up_before_first_check_haproxy() {
    up_before_first_check(Proxy::Haproxy);
}

#[test]
fn up_before_first_check_portcullis() {
    up_before_first_check(Proxy::Portcullis);
}

/// Start-up spreading (`fixtures/runtime/checks-spread.cfg`): haproxy
/// computes the spreading from the intervals of 1 s and more, so the slow
/// server's first check comes 2 s after start even though the fast one is
/// checked every 100 ms. The assertion is a "not yet" window, which a
/// correct proxy passes however slow the machine: `slow` must not be
/// checked within 1 s of `fast`'s first check.
fn spread_ignores_fast_intervals(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let fast = MockServer::scripted(lo(2), "fast", ok());
    let slow = MockServer::scripted(lo(2), "slow", ok());
    let _run = bin.start_fixture(
        "checks-spread.cfg",
        &["FE"],
        &[
            ("FAST", fast.addr().to_string()),
            ("SLOW", slow.addr().to_string()),
        ],
    );
    wait_until("fast's first check", DEADLINE, || fast.accepted() >= 1);
    let early = testkit::try_wait_until(Duration::from_secs(1), || slow.accepted() > 0);
    assert!(
        !early,
        "slow was first checked when fast had been checked {} times, not 2 s after start",
        fast.accepted()
    );
    wait_until("slow's first check", DEADLINE, || slow.accepted() >= 1);
}

#[test]
fn spread_ignores_fast_intervals_haproxy() {
    spread_ignores_fast_intervals(Proxy::Haproxy);
}

#[test]
fn spread_ignores_fast_intervals_portcullis() {
    spread_ignores_fast_intervals(Proxy::Portcullis);
}
