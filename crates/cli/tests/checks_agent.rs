//! agent-check drives a server's weight and drain, end to end on loopback
//! (issue 4, point 6): `fixtures/runtime/checks-agent.cfg` has two servers
//! of weight 10 under roundrobin, each with an agent on its own port of
//! 127.0.0.3 (`agent-addr`, `agent-port`, `agent-inter 100`,
//! `agent-send "hello\n"`). The agents are scripted mocks that read the
//! `agent-send` line and answer one line; the test flips a's answer:
//!
//! - `up`: shares 1:1;
//! - `50%`: a's weight is 5 next to b's 10, so 30 sequential connections
//!   go 10 to a and 20 to b (no message: a weight change prints nothing);
//! - `drain`: "Server agent/a enters drain state. ..." and no new
//!   connection goes to a;
//! - `ready`: "Server agent/a is UP (leaving forced drain)." and a is back
//!   with the weight the agent gave it before (still 1:2);
//! - `100%`: 1:1 again.
//!
//! Nothing is timed. The agent answers the same line on every check until
//! the test flips it; a change without a message is known to be applied
//! once the agent has started a second check with the new answer (a check
//! starts only after the previous one was handled), and a change with a
//! message once the message is printed. Only then does traffic go through
//! the proxy; each connection reads the name of the mock that served it.
//! Messages are compared byte for byte with haproxy 2.6.12's (pid
//! normalised); the scenario runs against haproxy (`_haproxy`, skipped
//! loudly when absent) and portcullis (`_portcullis`).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;
use testkit::messages::warning;
use testkit::{lo, wait_until, Behaviour, Client, MockServer, Proxy, Step};

const PORTCULLIS: &str = env!("CARGO_BIN_EXE_portcullis");

/// The deadline of every wait: far above the configs' intervals.
const DEADLINE: Duration = Duration::from_secs(30);

const DRAIN: &str = "Server agent/a enters drain state. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.";
const READY: &str = "Server agent/a is UP (leaving forced drain).";

/// An agent that reads the `agent-send` line and answers `reply`.
fn agent(reply: &str) -> Vec<Step> {
    vec![Step::Read(b"\n".to_vec()), Step::text(reply)]
}

/// How many of `n` sequential connections through `fe` each server took.
fn shares(fe: SocketAddr, n: usize) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for _ in 0..n {
        let mut c = Client::connect(fe).expect("connect");
        let name = c
            .read_line()
            .unwrap_or_else(|e| panic!("no server name through {fe}: {e}"));
        *m.entry(name).or_insert(0) += 1;
    }
    m
}

fn counts(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// Switches the agent's answer and waits until the proxy has handled one.
fn answer(agent_mock: &MockServer, reply: &str) {
    let s = agent_mock.script();
    s.set(agent(reply));
    wait_until(
        &format!("{} handling {reply:?}", agent_mock.name()),
        DEADLINE,
        || s.served() >= 2,
    );
}

fn agent_weight_and_drain(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let a = MockServer::start(lo(2), "a", Behaviour::Named);
    let b = MockServer::start(lo(2), "b", Behaviour::Named);
    let a_agent = MockServer::scripted(lo(3), "a-agent", agent("up\n"));
    let b_agent = MockServer::scripted(lo(3), "b-agent", agent("up\n"));
    let run = bin.start_fixture(
        "checks-agent.cfg",
        &["FE"],
        &[
            ("A", a.addr().to_string()),
            ("B", b.addr().to_string()),
            ("A_AGENT", a_agent.addr().port().to_string()),
            ("B_AGENT", b_agent.addr().port().to_string()),
        ],
    );
    let fe = run.addrs()[0];
    for m in [&a_agent, &b_agent] {
        let s = m.script();
        wait_until(&format!("two checks by {}", m.name()), DEADLINE, || {
            s.served() >= 2
        });
    }
    assert_eq!(shares(fe, 10), counts(&[("a", 5), ("b", 5)]), "up: 1:1");

    answer(&a_agent, "50%\n");
    assert_eq!(
        shares(fe, 30),
        counts(&[("a", 10), ("b", 20)]),
        "50% of weight 10 next to weight 10"
    );
    assert_eq!(
        run.state_lines(),
        Vec::<String>::new(),
        "a weight is silent"
    );

    a_agent.script().set(agent("drain\n"));
    run.wait_line(&warning(DRAIN), DEADLINE);
    assert_eq!(shares(fe, 10), counts(&[("b", 10)]), "a drains");

    a_agent.script().set(agent("ready\n"));
    run.wait_line(&warning(READY), DEADLINE);
    assert_eq!(
        shares(fe, 30),
        counts(&[("a", 10), ("b", 20)]),
        "a is back with the weight the agent set (50%)"
    );

    answer(&a_agent, "100%\n");
    assert_eq!(shares(fe, 10), counts(&[("a", 5), ("b", 5)]), "100%: 1:1");

    assert_eq!(run.state_lines(), [warning(DRAIN), warning(READY)]);
    // The agents listen on 127.0.0.3 only (the servers on 127.0.0.2), so
    // their checks followed agent-addr.
    for m in [&a_agent, &b_agent] {
        let heads: Vec<Vec<u8>> = m.records().into_iter().map(|r| r.head).collect();
        assert!(!heads.is_empty());
        assert!(
            heads.iter().all(|h| h.as_slice() == b"hello\n"),
            "{}: every agent check sends agent-send: {heads:?}",
            m.name()
        );
    }
}

#[test]
fn agent_weight_and_drain_haproxy() {
    agent_weight_and_drain(Proxy::Haproxy);
}

#[test]
fn agent_weight_and_drain_portcullis() {
    agent_weight_and_drain(Proxy::Portcullis);
}
