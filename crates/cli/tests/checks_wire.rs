//! What the checked servers see of the checks, and one word of the
//! messages, end to end on loopback (issue 4, points 1 and 4): the request
//! bytes of `http-check send` with headers and of the old `option httpchk
//! GET /uri HTTP/1.1\r\nHost:\ x` form, the `X-Haproxy-Server-State`
//! header of `http-check send-state`, the DRAIN word of a weight-0 server
//! in `log-health-checks` lines, layer-4 checks that never reach the
//! server's accept queue, and checks sent elsewhere with `addr` and `port`.
//!
//! `fixtures/runtime/checks-wire.cfg`; the bytes and lines expected are
//! haproxy 2.6.12's, asserted for haproxy (`_haproxy`, skipped loudly
//! when absent) and for portcullis (`_portcullis`).

use std::time::Duration;
use testkit::messages::{lines_of, warning};
use testkit::{lo, replies, try_wait_until, MockServer, Proxy, ProxyBin, Running};

const PORTCULLIS: &str = env!("CARGO_BIN_EXE_portcullis");
const DEADLINE: Duration = Duration::from_secs(30);

struct Wire {
    run: Running,
    send: MockServer,
    oldhost: MockServer,
    state: MockServer,
    drain: MockServer,
    l4: MockServer,
    /// The target of the `addr`/`port` check; the server itself refuses.
    elsewhere: MockServer,
    _nowhere: MockServer,
    _spare: MockServer,
}

fn wire(bin: &ProxyBin) -> Wire {
    let http = |name: &str| MockServer::scripted(lo(2), name, replies::http("200 OK"));
    let (send, oldhost, state, drain) =
        (http("send"), http("oldhost"), http("state"), http("drain"));
    let l4 = MockServer::start(lo(2), "l4", testkit::Behaviour::Named);
    let spare = MockServer::refusing(lo(3), "spare");
    let elsewhere = http("elsewhere");
    let nowhere = MockServer::refusing(lo(4), "nowhere");
    let run = bin.start_fixture(
        "checks-wire.cfg",
        &["FE"],
        &[
            ("SEND", send.addr().to_string()),
            ("OLDHOST", oldhost.addr().to_string()),
            ("STATE", state.addr().to_string()),
            ("DRAIN", drain.addr().to_string()),
            ("L4", l4.addr().to_string()),
            ("SPARE", spare.addr().to_string()),
            ("NOWHERE", nowhere.addr().to_string()),
            ("ADDR_IP", elsewhere.addr().ip().to_string()),
            ("ADDR_PORT", elsewhere.addr().port().to_string()),
        ],
    );
    Wire {
        run,
        send,
        oldhost,
        state,
        drain,
        l4,
        elsewhere,
        _nowhere: nowhere,
        _spare: spare,
    }
}

/// The distinct requests `m` received, once it has seen two.
fn requests(m: &MockServer) -> Vec<String> {
    testkit::wait_until("two checks", DEADLINE, || m.records().len() >= 2);
    let mut v: Vec<String> = m
        .records()
        .into_iter()
        .map(|r| String::from_utf8_lossy(&r.head).into_owned())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// `http-check send` and the old hidden-header form: haproxy's bytes,
/// with lower-case header names and `connection: close` on HTTP/1.1.
fn httpchk_requests(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let w = wire(&bin);
    assert_eq!(
        requests(&w.send),
        ["HEAD /status HTTP/1.1\r\nhost: example.org\r\nx-test: 1\r\nconnection: close\r\n\r\n"]
    );
    assert_eq!(
        requests(&w.oldhost),
        ["GET /health HTTP/1.1\r\nhost: www.example.com\r\nconnection: close\r\n\r\n"]
    );
}

#[test]
fn httpchk_requests_haproxy() {
    httpchk_requests(Proxy::Haproxy);
}

#[test]
fn httpchk_requests_portcullis() {
    httpchk_requests(Proxy::Portcullis);
}

fn hostname() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname writes at
    // most that many bytes.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    assert_eq!(rc, 0, "gethostname");
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

/// `http-check send-state`: the first check tells the server it is "UP
/// 1/3" (health at rise, not yet confirmed), the later ones "UP"; with its
/// address, the proxy's node name (the host name) and the weights.
fn send_state(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let w = wire(&bin);
    let a = w.state.addr();
    let node = hostname();
    let header = |state: &str| {
        format!(
            "OPTIONS / HTTP/1.0\r\nx-haproxy-server-state: {state}; address={}; port={}; name=state/s; node={node}; weight=1/2; scur=0/0; qcur=0\r\n\r\n",
            a.ip(),
            a.port()
        )
    };
    assert_eq!(requests(&w.state), [header("UP 1/3"), header("UP")]);
}

#[test]
fn send_state_haproxy() {
    send_state(Proxy::Haproxy);
}

#[test]
fn send_state_portcullis() {
    send_state(Proxy::Portcullis);
}

/// A server with `weight 0` passing its first check: `status: 3/3 DRAIN`.
fn drain_word(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let w = wire(&bin);
    let line = warning("Health check for server drain/s succeeded, reason: Layer7 check passed, code: 200, check duration: Nms, status: 3/3 DRAIN.");
    w.run.wait_lines("drain/s's first check", DEADLINE, |l| {
        !lines_of(l, "drain", "s").is_empty()
    });
    assert_eq!(lines_of(&w.run.state_lines(), "drain", "s"), [line]);
    assert!(w.drain.accepted() >= 1);
}

#[test]
fn drain_word_haproxy() {
    drain_word(Proxy::Haproxy);
}

#[test]
fn drain_word_portcullis() {
    drain_word(Proxy::Portcullis);
}

/// A layer-4 check never reaches the server's `accept`: the first check
/// passes (logged because the check status leaves INI), the server is
/// stopped (DOWN), started again (UP, so a check connected), and in all
/// that time, and for 500 ms (five more checks) after, it accepted
/// nothing. The window is a "must not happen" check: however slow the
/// machine, a proxy that hides its checks passes it.
fn l4_check_unseen(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let w = wire(&bin);
    let passed = warning("Health check for server l4/s succeeded, reason: Layer4 check passed, check duration: Nms, status: 1/1 UP.");
    w.run.wait_line(&passed, DEADLINE);
    w.l4.stop();
    let down = warning("Server l4/s is DOWN. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.");
    w.run.wait_line(&down, DEADLINE);
    w.l4.resume();
    let up = warning(
        "Server l4/s is UP. 2 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.",
    );
    w.run.wait_line(&up, DEADLINE);
    let seen = try_wait_until(Duration::from_millis(500), || w.l4.accepted() > 0);
    assert!(
        !seen,
        "the server accepted {} check connections",
        w.l4.accepted()
    );
    let failed = warning("Health check for server l4/s failed, reason: Layer4 connection problem, info: \"Connection refused\", check duration: Nms, status: 0/1 DOWN.");
    assert_eq!(
        lines_of(&w.run.state_lines(), "l4", "s"),
        [passed.clone(), failed, down, passed, up]
    );
}

#[test]
fn l4_check_unseen_haproxy() {
    l4_check_unseen(Proxy::Haproxy);
}

#[test]
fn l4_check_unseen_portcullis() {
    l4_check_unseen(Proxy::Portcullis);
}

/// `check addr A port P`: the check goes to A:P, not to the server's
/// address (which refuses), and passes.
fn check_addr_and_port(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let w = wire(&bin);
    let line = warning("Health check for server addr/s succeeded, reason: Layer7 check passed, code: 200, check duration: Nms, status: 3/3 UP.");
    w.run.wait_line(&line, DEADLINE);
    assert_eq!(lines_of(&w.run.state_lines(), "addr", "s"), [line]);
    assert_eq!(requests(&w.elsewhere), ["OPTIONS / HTTP/1.0\r\n\r\n"]);
}

#[test]
fn check_addr_and_port_haproxy() {
    check_addr_and_port(Proxy::Haproxy);
}

#[test]
fn check_addr_and_port_portcullis() {
    check_addr_and_port(Proxy::Portcullis);
}
