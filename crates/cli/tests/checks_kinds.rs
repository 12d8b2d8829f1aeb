//! Every check kind against a mock that answers right and one that answers
//! wrong, end to end on loopback (issue 4, points 1 and 4): `option
//! httpchk` (2xx/3xx pass; 404 and 500 are L7STS with the code and reason;
//! a reply that is not HTTP is L7RSP; none is L7TOUT), `option
//! ssl-hello-chk`, layer-4 and `option tcp-check` connects, `tcp-check
//! send/expect`, and the redis, SMTP, MySQL, PostgreSQL and LDAP checks.
//!
//! `fixtures/runtime/checks-kinds.cfg` has one backend per case with
//! `option log-health-checks`; each test starts it whole and compares the
//! lines of its kinds byte for byte with haproxy 2.6.12's (pid and check
//! durations normalised), for haproxy (`_haproxy`, skipped loudly when
//! absent) and for portcullis (`_portcullis`).
//!
//! `server_talks_first` (`fixtures/runtime/checks-greeting.cfg`) checks
//! thirty MySQL servers at once: a greeting that arrives with the end of
//! the connect must be read like any other.

use std::time::Duration;
use testkit::messages::{lines_of, warning};
use testkit::{lo, replies, Behaviour, MockServer, Proxy, Step};

const PORTCULLIS: &str = env!("CARGO_BIN_EXE_portcullis");
const DEADLINE: Duration = Duration::from_secs(30);

/// What stands behind a checked server.
enum Mock {
    Script(Vec<Step>),
    /// Writes its name and echoes (accepts the connection, no more).
    Named,
    Refusing,
}

/// One backend of the fixture: the server `s`'s mock, and the check's
/// result as haproxy reports it: `Ok(reason)` for a passed first check,
/// `Err(reason)` for a failed one (then the server goes DOWN).
struct Case {
    px: &'static str,
    mock: Mock,
    result: Result<&'static str, &'static str>,
}

fn case(px: &'static str, mock: Mock, result: Result<&'static str, &'static str>) -> Case {
    Case { px, mock, result }
}

fn script(steps: Vec<Step>) -> Mock {
    Mock::Script(steps)
}

/// A server that talks first (SMTP banner, MySQL greeting) waits 100 ms
/// after the accept, so that the proxy has handled its connect: what a
/// proxy does when the greeting comes with the connect is the concern of
/// `server_talks_first`, not of these message tests.
fn greets_late(steps: Vec<Step>) -> Mock {
    let mut v = vec![Step::Pause(Duration::from_millis(100))];
    v.extend(steps);
    Mock::Script(v)
}

fn cases() -> Vec<Case> {
    vec![
        case("http_200", script(replies::http("200 OK")), Ok("Layer7 check passed, code: 200")),
        case("http_301", script(replies::http("301 Moved Permanently")), Ok("Layer7 check passed, code: 301")),
        case("http_404", script(replies::http("404 Not Found")), Err("Layer7 wrong status, code: 404, info: \"Not Found\"")),
        case("http_500", script(replies::http("500 Internal Server Error")), Err("Layer7 wrong status, code: 500, info: \"Internal Server Error\"")),
        case("http_garbage", script(replies::not_http()), Err("Layer7 invalid response")),
        case("http_silent", script(replies::silent()), Err("Layer7 timeout")),
        case("http_nolog", script(replies::http("404 Not Found")), Err("Layer7 wrong status, code: 404, info: \"Not Found\"")),
        case("ssl_ok", script(replies::tls_record("s")), Ok("Layer6 check passed")),
        case("ssl_close", script(replies::close_after_request()), Err("Layer6 invalid response, info: \"TCPCHK got an empty response at step 2\"")),
        case("ssl_silent", script(replies::silent()), Err("Layer6 timeout")),
        case("l4_ok", Mock::Named, Ok("Layer4 check passed")),
        case("l4_refused", Mock::Refusing, Err("Layer4 connection problem, info: \"Connection refused\"")),
        case("tcp_ok", Mock::Named, Ok("Layer4 check passed")),
        case("tcp_refused", Mock::Refusing, Err("Layer4 connection problem, info: \"Connection refused at initial connection step of tcp-check\"")),
        case("tcpexp_ok", script(replies::redis_pong()), Ok("Layer7 check passed, code: 0, info: \"(tcp-check)\"")),
        case("tcpexp_bad", script(replies::redis_noauth()), Err("Layer7 invalid response, info: \"TCPCHK did not match content '+PONG' at step 2\"")),
        case("redis_ok", script(replies::redis_pong()), Ok("Layer7 check passed, code: 0, info: \"Redis server is ok\"")),
        case("redis_noauth", script(replies::redis_noauth()), Err("Layer7 wrong status, code: 0, info: \"-NOAUTH Authentication required.\"")),
        case("smtp_ok", greets_late(replies::smtp_ok()), Ok("Layer7 check passed, code: 221, info: \"bye\"")),
        case("smtp_554", greets_late(replies::smtp_refusing()), Err("Layer7 wrong status, code: 554, info: \"no service here\"")),
        case("mysql_ok", greets_late(replies::mysql_greeting("5.7.0-mock")), Ok("Layer7 check passed, code: 0, info: \"5.7.0-mock\"")),
        case("mysql_err", greets_late(replies::mysql_error(1130, "Host '127.0.0.1' is not allowed to connect to this MySQL server")), Err("Layer7 wrong status, code: 1130, info: \"Host '127.0.0.1' is not allowed to connect to this MySQL server\"")),
        case("pgsql_ok", script(replies::pgsql_ok()), Ok("Layer7 check passed, code: 0, info: \"PostgreSQL server is ok\"")),
        case("pgsql_err", script(replies::pgsql_error("no pg_hba.conf entry")), Err("Layer7 invalid response, info: \"FATAL\"")),
        case("ldap_ok", script(replies::ldap_bind(0)), Ok("Layer7 check passed, code: 0, info: \"Success\"")),
        case("ldap_49", script(replies::ldap_bind(49)), Err("Layer7 wrong status, code: 49, info: \"See RFC: http://tools.ietf.org/html/rfc4511#section-4.1.9\"")),
    ]
}

/// The lines haproxy prints for the first check of `c` (rise 2, fall 3):
/// the check result with `option log-health-checks`, and the DOWN line for
/// a failure (with the reason when the result is not logged).
fn expected(c: &Case) -> Vec<String> {
    let px = c.px;
    let down = |reason: &str| {
        warning(&format!("Server {px}/s is DOWN{reason}. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."))
    };
    match (px, c.result) {
        ("http_nolog", Err(r)) => vec![down(&format!(", reason: {r}, check duration: Nms"))],
        (_, Ok(r)) => vec![warning(&format!(
            "Health check for server {px}/s succeeded, reason: {r}, check duration: Nms, status: 3/3 UP."
        ))],
        (_, Err(r)) => vec![
            warning(&format!("Health check for server {px}/s failed, reason: {r}, check duration: Nms, status: 0/2 DOWN.")),
            down(""),
        ],
    }
}

/// Runs the whole fixture and checks the backends whose name starts with
/// one of `prefixes`.
fn kinds(p: Proxy, prefixes: &[&str]) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let cases = cases();
    let mocks: Vec<MockServer> = cases
        .iter()
        .map(|c| match &c.mock {
            Mock::Script(steps) => MockServer::scripted(lo(2), c.px, steps.clone()),
            Mock::Named => MockServer::start(lo(2), c.px, Behaviour::Named),
            Mock::Refusing => MockServer::refusing(lo(2), c.px),
        })
        .collect();
    let spare = MockServer::refusing(lo(3), "spare");
    let names: Vec<String> = cases.iter().map(|c| c.px.to_uppercase()).collect();
    let mut vars: Vec<(&str, String)> = names
        .iter()
        .zip(&mocks)
        .map(|(n, m)| (n.as_str(), m.addr().to_string()))
        .collect();
    vars.push(("SPARE", spare.addr().to_string()));
    let run = bin.start_fixture("checks-kinds.cfg", &["FE"], &vars);
    let mine: Vec<&Case> = cases
        .iter()
        .filter(|c| prefixes.iter().any(|p| c.px.starts_with(p)))
        .collect();
    assert!(!mine.is_empty());
    run.wait_lines("every first check of these kinds", DEADLINE, |lines| {
        mine.iter()
            .all(|c| lines_of(lines, c.px, "s").len() >= expected(c).len())
    });
    let lines = run.state_lines();
    let wrong: Vec<String> = mine
        .iter()
        .filter(|c| lines_of(&lines, c.px, "s") != expected(c))
        .map(|c| {
            format!(
                "{}:\n  got      {:?}\n  expected {:?}",
                c.px,
                lines_of(&lines, c.px, "s"),
                expected(c)
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{}: {}", p.name(), wrong.join("\n"));
    if prefixes.contains(&"http_") {
        let m = &mocks[0];
        assert_eq!(
            m.records()[0].head.as_slice(),
            b"GET /healthz HTTP/1.0\r\n\r\n"
        );
    }
}

#[test]
fn httpchk_haproxy() {
    kinds(Proxy::Haproxy, &["http_"]);
}

#[test]
fn httpchk_portcullis() {
    kinds(Proxy::Portcullis, &["http_"]);
}

#[test]
fn ssl_hello_haproxy() {
    kinds(Proxy::Haproxy, &["ssl_"]);
}

#[test]
fn ssl_hello_portcullis() {
    kinds(Proxy::Portcullis, &["ssl_"]);
}

#[test]
fn tcp_check_haproxy() {
    kinds(Proxy::Haproxy, &["l4_", "tcp_", "tcpexp_"]);
}

#[test]
fn tcp_check_portcullis() {
    kinds(Proxy::Portcullis, &["l4_", "tcp_", "tcpexp_"]);
}

#[test]
fn redis_check_haproxy() {
    kinds(Proxy::Haproxy, &["redis_"]);
}

#[test]
fn redis_check_portcullis() {
    kinds(Proxy::Portcullis, &["redis_"]);
}

#[test]
fn smtpchk_haproxy() {
    kinds(Proxy::Haproxy, &["smtp_"]);
}

#[test]
fn smtpchk_portcullis() {
    kinds(Proxy::Portcullis, &["smtp_"]);
}

#[test]
fn mysql_check_haproxy() {
    kinds(Proxy::Haproxy, &["mysql_"]);
}

#[test]
fn mysql_check_portcullis() {
    kinds(Proxy::Portcullis, &["mysql_"]);
}

#[test]
fn pgsql_check_haproxy() {
    kinds(Proxy::Haproxy, &["pgsql_"]);
}

#[test]
fn pgsql_check_portcullis() {
    kinds(Proxy::Portcullis, &["pgsql_"]);
}

#[test]
fn ldap_check_haproxy() {
    kinds(Proxy::Haproxy, &["ldap_"]);
}

#[test]
fn ldap_check_portcullis() {
    kinds(Proxy::Portcullis, &["ldap_"]);
}

/// Thirty MySQL servers (`fixtures/runtime/checks-greeting.cfg`, all on one
/// mock that sends its greeting and closes) pass their checks, first and
/// later ones alike. A server that talks first can have its greeting (and
/// its close) arrive before the proxy handled the end of the connect: the
/// proxy must still read it then, whatever the timing.
fn server_talks_first(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let mock = MockServer::scripted(lo(2), "greet", replies::mysql_greeting("5.7.0-mock"));
    let run = bin.start_fixture(
        "checks-greeting.cfg",
        &["FE"],
        &[("GREET", mock.addr().to_string())],
    );
    let ok = |s: usize| {
        warning(&format!("Health check for server greet/s{s} succeeded, reason: Layer7 check passed, code: 0, info: \"5.7.0-mock\", check duration: Nms, status: 3/3 UP."))
    };
    // Ten rounds: a lost greeting is a matter of timing, so give it
    // three hundred chances.
    testkit::wait_until("ten rounds of checks", DEADLINE, || mock.accepted() >= 300);
    run.wait_lines("every first check", DEADLINE, |l| l.len() >= 30);
    let lines = run.state_lines();
    let failed: Vec<&String> = lines
        .iter()
        .filter(|l| !l.contains(" succeeded, "))
        .collect();
    assert!(
        failed.is_empty(),
        "{} lines, failures: {failed:#?}",
        lines.len()
    );
    for s in 1..=30 {
        assert_eq!(lines_of(&lines, "greet", &format!("s{s}")), [ok(s)]);
    }
}

#[test]
fn server_talks_first_haproxy() {
    server_talks_first(Proxy::Haproxy);
}

#[test]
fn server_talks_first_portcullis() {
    server_talks_first(Proxy::Portcullis);
}
