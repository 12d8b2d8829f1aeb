//! Test helpers: build a backend through the model, compile its first
//! server's check, and drive a [`checks::Run`] against a scripted server.

use checks::{Action, CheckSpec, Outcome, Run};
use model::{Builder, Options, SystemLikeHost};

/// The defaults every test backend starts from.
pub const DEFAULTS: &str = "defaults\n  mode tcp\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\n  timeout check 500ms\n  option log-health-checks\n";

/// Builds `defaults + body` and returns the proxy named `name`.
pub fn proxy(body: &str, name: &str) -> model::ir::Proxy {
    let host = SystemLikeHost::default();
    let mut b = Builder::new(&host, Options::default(), Default::default());
    b.add_file("t.cfg", format!("{DEFAULTS}{body}").as_bytes());
    let (cfg, diags) = b.finish();
    let errors: Vec<_> = diags
        .list
        .iter()
        .filter(|d| d.level == syntax::Level::Alert)
        .map(|d| d.text.clone())
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{body}");
    cfg.proxies
        .into_iter()
        .find(|p| p.name == name)
        .expect("proxy")
}

/// The health (or agent) check of the proxy's first server.
pub fn spec(body: &str, name: &str, agent: bool) -> CheckSpec {
    let px = proxy(body, name);
    let srv = &px.servers[0];
    let s = if agent {
        CheckSpec::agent(&px, srv)
    } else {
        CheckSpec::health(&px, srv)
    };
    s.expect("supported").expect("check enabled")
}

/// What the scripted server does on one connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ev {
    Send(Vec<u8>),
    Delay(u64),
    Close,
    Rst,
    /// Says nothing more until the check's deadline.
    Silent,
    /// The connection is refused.
    Refused,
    /// The connection never completes.
    Unreachable,
}

/// What one run did: the bytes written on each connection, the
/// destinations asked for, and the outcome.
#[derive(Debug)]
pub struct Trace {
    pub sent: Vec<Vec<u8>>,
    // Not every test binary that includes this module reads it.
    #[allow(dead_code)]
    pub connects: Vec<(Option<u16>, Option<std::net::IpAddr>)>,
    pub outcome: Outcome,
}

fn os_err(code: i32) -> std::io::Error {
    std::io::Error::from_raw_os_error(code)
}

/// Runs `run` (started at `start_ms`) against one event list per
/// connection.
pub fn drive_at(mut run: Run, start_ms: u64, conns: &[Vec<Ev>]) -> (Run, Trace) {
    let mut now = start_ms;
    let mut sent: Vec<Vec<u8>> = Vec::new();
    let mut connects = Vec::new();
    let mut evs: std::collections::VecDeque<Ev> = Default::default();
    let mut next_conn = 0;
    for _ in 0..1000 {
        match run.next(now) {
            Action::Connect { port, addr } => {
                connects.push((port, addr));
                sent.push(Vec::new());
                evs = conns.get(next_conn).cloned().unwrap_or_default().into();
                next_conn += 1;
                match evs.front() {
                    Some(Ev::Refused) => run.connect_failed(&os_err(111), now),
                    Some(Ev::Unreachable) => {
                        now = run.deadline();
                        run.timeout(now);
                    }
                    _ => run.connected(now),
                }
            }
            Action::Send(b) => sent.last_mut().expect("connected").extend_from_slice(&b),
            Action::Recv => match evs.pop_front().unwrap_or(Ev::Silent) {
                Ev::Send(b) => run.data(&b, now),
                Ev::Delay(ms) => now += ms,
                Ev::Close => run.eof(now),
                Ev::Rst => run.io_error(&os_err(104), now),
                Ev::Silent | Ev::Refused | Ev::Unreachable => {
                    now = now.max(run.deadline());
                    run.timeout(now);
                }
            },
            Action::Done(outcome) => {
                return (
                    run,
                    Trace {
                        sent,
                        connects,
                        outcome,
                    },
                );
            }
        }
    }
    panic!("the run did not end");
}

/// [`drive_at`] for a run started at 0.
pub fn drive(run: Run, conns: &[Vec<Ev>]) -> (Run, Trace) {
    drive_at(run, 0, conns)
}

/// Parses `send <hex> | delay 100 | close | next | refused ...`.
pub fn events(s: &str) -> Vec<Vec<Ev>> {
    let mut conns = vec![Vec::new()];
    for tok in s.split('|').map(str::trim).filter(|t| !t.is_empty()) {
        let (w, arg) = tok.split_once(' ').unwrap_or((tok, ""));
        let ev = match w {
            "send" => Ev::Send(unhex(arg)),
            "delay" => Ev::Delay(arg.parse().expect("ms")),
            "close" => Ev::Close,
            "rst" => Ev::Rst,
            "silent" => Ev::Silent,
            "refused" => Ev::Refused,
            "unreachable" => Ev::Unreachable,
            "next" => {
                conns.push(Vec::new());
                continue;
            }
            other => panic!("unknown event {other}"),
        };
        conns.last_mut().expect("a connection").push(ev);
    }
    conns
}

pub fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex"))
        .collect()
}
