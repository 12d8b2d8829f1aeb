//! The smaller answers: `show servers state`, `show backend`, `get weight`, `show env`,
//! `show sess` and `show cli level`.

use crate::level::Level;
use crate::snapshot::{ProxySnapshot, ServerSnapshot, StatsSnapshot};
use std::fmt::Write as _;

const SERVERS_STATE_HEADER: &str = "1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port\n";

/// `show servers state [<backend>]` (format version 1). `Err` is `Can't find backend.\n`.
pub fn show_servers_state(
    snap: &StatsSnapshot,
    backend: Option<&str>,
) -> Result<String, &'static str> {
    let mut out = String::from(SERVERS_STATE_HEADER);
    let selected: Vec<&ProxySnapshot> = match backend {
        Some(name) => vec![snap
            .proxies
            .iter()
            .find(|p| p.name == name && p.backend.is_some())
            .ok_or("Can't find backend.\n")?],
        None => snap
            .proxies
            .iter()
            .filter(|p| p.backend.is_some())
            .collect(),
    };
    for px in selected {
        for sv in &px.servers {
            server_state_line(&mut out, px, sv);
        }
    }
    Ok(out)
}

fn server_state_line(out: &mut String, px: &ProxySnapshot, sv: &ServerSnapshot) {
    // An unchecked server reports haproxy's HCHK_STATUS_UNKNOWN (1), result 0, and its health
    // at `rise` (the default 2).
    let (cstatus, cresult, chealth, cstate) = match &sv.check {
        Some(c) => (c.status_code, c.result, c.health, c.state_bits),
        None => (
            1,
            0,
            if sv.op == crate::snapshot::OpState::Stopped {
                0
            } else {
                2
            },
            0,
        ),
    };
    let agent_state = sv.agent.as_ref().map_or(0, |a| a.state_bits);
    let agent_addr = sv
        .agent
        .as_ref()
        .and_then(|a| a.addr.clone())
        .unwrap_or_else(|| "-".into());
    let agent_port = sv.agent.as_ref().map_or(0, |a| a.port);
    let _ = writeln!(
        out,
        "{} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} - {} - 0 0 - {} {}",
        px.iid,
        px.name,
        sv.sid,
        sv.name,
        sv.addr,
        sv.op as u32,
        sv.admin.bits(),
        sv.uweight,
        sv.iweight,
        sv.lastchg,
        cstatus,
        cresult,
        chealth,
        cstate,
        agent_state,
        0,
        u32::from(sv.forced_id),
        sv.port,
        agent_addr,
        agent_port
    );
}

/// `show backend`: every proxy with a backend half (listen sections included).
pub fn show_backend(snap: &StatsSnapshot) -> String {
    let mut out = String::from("# name\n");
    for px in snap.proxies.iter().filter(|p| p.backend.is_some()) {
        out.push_str(&px.name);
        out.push('\n');
    }
    out
}

/// `get weight`: `<current> (initial <initial>)`.
pub fn get_weight(sv: &ServerSnapshot) -> String {
    format!("{} (initial {})\n", sv.uweight, sv.iweight)
}

/// `show env [<name>]` over the process environment given as `NAME=value` pairs in order.
/// `Err` is `Variable not found\n`.
pub fn show_env(env: &[(String, String)], name: Option<&str>) -> Result<String, &'static str> {
    let mut out = String::new();
    for (k, v) in env {
        if name.is_none() || name == Some(k.as_str()) {
            let _ = writeln!(out, "{k}={v}");
            if name.is_some() {
                return Ok(out);
            }
        }
    }
    if name.is_some() {
        return Err("Variable not found\n");
    }
    Ok(out)
}

/// One session as `show sess` summarises it; the runtime fills what it knows.
#[derive(Clone, Debug, Default)]
pub struct SessionSummary {
    /// A stable identifier printed where haproxy prints the stream's address (`0x...`).
    pub id: u64,
    /// `tcpv4`, `tcpv6` or `unix_stream`.
    pub proto: String,
    /// `ip:port`, or `unix:<n>` for the CLI's own sessions.
    pub src: String,
    pub frontend: String,
    /// `<NONE>` when not assigned yet.
    pub backend: Option<String>,
    /// `<none>` when not assigned yet.
    pub server: Option<String>,
    /// Seconds since the session was accepted.
    pub age: u32,
    pub calls: u32,
}

/// `show sess`: one summary line per session (haproxy's layout, with the buffer and stream
/// interface details it prints reduced to the fields portcullis has).
pub fn show_sess(sessions: &[SessionSummary]) -> String {
    let mut out = String::new();
    for s in sessions {
        let _ = writeln!(
            out,
            "0x{:x}: proto={} src={} fe={} be={} srv={} ts=00 epoch=0 age={}s calls={}",
            s.id,
            s.proto,
            s.src,
            s.frontend,
            s.backend.as_deref().unwrap_or("<NONE>"),
            s.server.as_deref().unwrap_or("<none>"),
            s.age,
            s.calls
        );
    }
    out
}

/// `show cli level`.
pub fn show_cli_level(level: Level) -> String {
    format!("{}\n", level.as_str())
}
