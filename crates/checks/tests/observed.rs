//! Replays what haproxy 2.6.12 did against scripted mock servers
//! (tests/data/observed.txt, recorded as described in tests/data/README.md):
//! for each backend, the request bytes the check wrote on its first
//! connection and the `log-health-checks` line of its first result.

mod common;

use checks::{agent_weight, health_log_msg, AgentCmd, Health, Run};
use common::{drive, events, spec, unhex};

/// Unix time of the recorded `ssl-hello-chk` requests (bytes 11..15).
const RECORDED_TIME: u32 = 0x6b01_809a;

#[derive(Default, Debug)]
struct Case {
    name: String,
    cfg: Vec<String>,
    srv: String,
    sent: Option<String>,
    state: Option<String>,
    ev: String,
    log: String,
}

fn cases() -> Vec<Case> {
    let text = include_str!("data/observed.txt");
    let mut out: Vec<Case> = Vec::new();
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("=== ") {
            out.push(Case {
                name: n.to_string(),
                ..Case::default()
            });
            continue;
        }
        let Some(c) = out.last_mut() else { continue };
        let Some((k, v)) = line
            .split_once(": ")
            .or_else(|| line.strip_suffix(':').map(|k| (k, "")))
        else {
            continue;
        };
        match k {
            "cfg" => c.cfg.push(v.to_string()),
            "srv" => c.srv = v.to_string(),
            "sent" => c.sent = Some(v.to_string()),
            "state" => c.state = Some(v.to_string()),
            "ev" => c.ev = v.to_string(),
            "log" => c.log = v.to_string(),
            _ => {}
        }
    }
    out
}

/// `check duration: 953ms` -> `check duration: Nms`: timings are not
/// reproducible (they are unit-tested with explicit clocks).
fn normalise(s: &str) -> String {
    match s.find("check duration: ") {
        Some(i) => {
            let rest = &s[i + 16..];
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            format!("{}check duration: N{}", &s[..i + 16], &rest[digits..])
        }
        None => s.to_string(),
    }
}

fn render(c: &Case) -> (String, Vec<u8>) {
    let agent = c.srv.contains("agent-check");
    let body = format!(
        "backend {}\n{}  server s {}\n",
        c.name,
        c.cfg.iter().map(|l| format!("  {l}\n")).collect::<String>(),
        c.srv
    );
    let sp = spec(&body, &c.name, agent);
    let mut run = Run::start(&sp, RECORDED_TIME, 0);
    if let Some(st) = &c.state {
        run = run.with_server_state(st.clone());
    }
    let (run, trace) = drive(run, &events(&c.ev));
    let mut h = Health::new(sp.rise(), sp.fall());
    let applied = h.apply(&trace.outcome, agent);
    let line = if applied.log {
        // The agent's weight command is applied before the line is logged:
        // a user weight of 0 shows as DRAIN.
        let iweight = c
            .srv
            .split("weight ")
            .nth(1)
            .and_then(|w| w.split(' ').next()?.parse().ok())
            .unwrap_or(1);
        let cmds = run
            .agent_reply()
            .map(|r| r.cmds.clone())
            .unwrap_or_default();
        let drain = cmds
            .iter()
            .any(|c| matches!(c, AgentCmd::Weight(p) if agent_weight(iweight, *p) == 0));
        health_log_msg(
            agent,
            &c.name,
            "s",
            false,
            &trace.outcome,
            trace.outcome.status.is_pass(),
            &h.status_text(drain),
        )
    } else {
        "-".to_string()
    };
    (line, trace.sent.first().cloned().unwrap_or_default())
}

#[test]
fn every_observed_case() {
    let cases = cases();
    assert!(cases.len() > 100, "{} cases", cases.len());
    let mut failures = Vec::new();
    for c in &cases {
        let (line, sent) = render(c);
        if normalise(&line) != normalise(&c.log) {
            failures.push(format!("{}:\n  want {}\n  got  {}", c.name, c.log, line));
        }
        if let Some(want) = c.sent.as_deref().filter(|s| !s.is_empty()) {
            if sent != unhex(want) {
                failures.push(format!(
                    "{} request:\n  want {:?}\n  got  {:?}",
                    c.name,
                    String::from_utf8_lossy(&unhex(want)),
                    String::from_utf8_lossy(&sent)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
