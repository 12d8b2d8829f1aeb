//! Server state-change and `log-health-checks` messages, byte-exact
//! (haproxy's `srv_update_status`, `srv_append_status`,
//! `set_server_check_status` and `set_backend_down`). The texts are
//! without the `[WARNING]  (pid) : ` prefix and without the final `.`
//! and newline that `ha_warning("%s.\n")` adds.

use crate::status::Outcome;

/// The proxy's server counts after the change, and the server's sessions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Usable active and backup servers (haproxy's `srv_act`, `srv_bck`).
    pub active: usize,
    pub backup: usize,
    /// haproxy prints ` Running on backup.` when `backup > 0 && active == 0`.
    pub running_on_backup: bool,
    /// The server's current sessions (`cur_sess`).
    pub sessions: usize,
    /// Sessions moved: redispatched away (DOWN) or taken from the backend
    /// queue (UP).
    pub requeued: usize,
    /// The server's own queue length.
    pub queued: usize,
}

impl Counts {
    /// The counts with `running_on_backup` computed as haproxy does.
    pub fn new(active: usize, backup: usize) -> Counts {
        Counts {
            active,
            backup,
            running_on_backup: backup > 0 && active == 0,
            ..Counts::default()
        }
    }
}

/// Why a state changed, as `srv_append_status` prints it.
#[derive(Clone, Copy, Debug)]
pub enum Why<'a> {
    /// `, reason: <desc>[, code: N][, info: "..."][, check duration: Nms]`.
    Check(&'a Outcome),
    /// `, <text>` (e.g. `changed from CLI`).
    Text(&'a str),
    /// ` via <px>/<srv>` for a server tracking another one.
    Via(&'a str, &'a str),
    Nothing,
}

/// The transitions that print a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Down,
    Up,
    /// Running to stopping (NOLB), e.g. `disable-on-404`.
    Stopping,
    /// `is going DOWN for maintenance`.
    EnterMaint,
    /// `enters drain state`.
    EnterDrain,
}

/// haproxy's `chunk_asciiencode`-like escaping of the info text, as
/// observed on 2.6.12: `"`, `<`, `>` and bytes outside 0x20..0x7e become
/// `<XX>` (upper-case hex); everything else, `\` included, is kept.
pub fn escape_info(info: &str) -> String {
    let mut out = String::with_capacity(info.len());
    for c in info.chars() {
        let b = u32::from(c);
        if !(0x20..0x7f).contains(&b) || matches!(c, '"' | '<' | '>') {
            out.push_str(&format!("<{:02X}>", b & 0xff));
        } else {
            out.push(c);
        }
    }
    out
}

/// `srv_append_status`'s reason part.
fn append_why(msg: &mut String, why: Why) {
    match why {
        Why::Check(o) => {
            msg.push_str(", reason: ");
            msg.push_str(o.status.desc());
            if o.status.has_l7_data() {
                msg.push_str(&format!(", code: {}", o.code.unwrap_or(0)));
            }
            if let Some(info) = o.info.as_deref().filter(|i| !i.is_empty()) {
                msg.push_str(&format!(", info: \"{}\"", escape_info(info)));
            }
            if o.status != crate::Status::Hana {
                msg.push_str(&format!(", check duration: {}ms", o.duration_ms));
            }
        }
        Why::Text(t) if !t.is_empty() => {
            msg.push_str(", ");
            msg.push_str(t);
        }
        Why::Via(px, srv) => msg.push_str(&format!(" via {px}/{srv}")),
        Why::Text(_) | Why::Nothing => {}
    }
}

/// `srv_append_status`'s counts part, `left` for a server going down.
fn append_counts(msg: &mut String, left: bool, c: &Counts) {
    let backup = if c.running_on_backup {
        " Running on backup."
    } else {
        ""
    };
    if left {
        msg.push_str(&format!(
            ". {} active and {} backup servers left.{backup} {} sessions active, {} requeued, {} remaining in queue",
            c.active, c.backup, c.sessions, c.requeued, c.queued
        ));
    } else {
        msg.push_str(&format!(
            ". {} active and {} backup servers online.{backup} {} sessions requeued, {} total in queue",
            c.active, c.backup, c.requeued, c.queued
        ));
    }
}

fn head(backup: bool, px: &str, srv: &str) -> String {
    let b = if backup { "Backup " } else { "" };
    format!("{b}Server {px}/{srv}")
}

/// Any state-change message. Maintenance and drain never print a reason
/// (haproxy passes `forced`), so `why` is ignored for them.
pub fn server_state_msg(
    change: Change,
    px: &str,
    srv: &str,
    backup: bool,
    why: Why,
    c: &Counts,
) -> String {
    let mut msg = head(backup, px, srv);
    let (verb, left, why) = match change {
        Change::Down => (" is DOWN", true, why),
        Change::Up => (" is UP", false, why),
        Change::Stopping => (" is stopping", false, why),
        Change::EnterMaint => (" is going DOWN for maintenance", true, Why::Nothing),
        Change::EnterDrain => (" enters drain state", false, Why::Nothing),
    };
    msg.push_str(verb);
    append_why(&mut msg, why);
    append_counts(&mut msg, left, c);
    msg.push('.');
    msg
}

fn why_of(why: Option<&Outcome>) -> Why<'_> {
    why.map_or(Why::Nothing, Why::Check)
}

/// `Server px/s is DOWN[, reason: ...]. N active and M backup servers
/// left.[ Running on backup.] S sessions active, R requeued, Q remaining in
/// queue`. Pass `None` under `option log-health-checks`, whose "Health
/// check" line already carried the reason.
pub fn server_down_msg(
    px: &str,
    srv: &str,
    backup: bool,
    why: Option<&Outcome>,
    c: &Counts,
) -> String {
    server_state_msg(Change::Down, px, srv, backup, why_of(why), c)
}

/// `Server px/s is UP[, reason: ...]. N active and M backup servers
/// online.[ Running on backup.] R sessions requeued, Q total in queue`.
pub fn server_up_msg(
    px: &str,
    srv: &str,
    backup: bool,
    why: Option<&Outcome>,
    c: &Counts,
) -> String {
    server_state_msg(Change::Up, px, srv, backup, why_of(why), c)
}

/// `Server px/s is stopping[, reason: ...]. ... online. ...` (NOLB).
pub fn server_stopping_msg(
    px: &str,
    srv: &str,
    backup: bool,
    why: Option<&Outcome>,
    c: &Counts,
) -> String {
    server_state_msg(Change::Stopping, px, srv, backup, why_of(why), c)
}

/// Leaving forced maintenance: `Server px/s is UP/READY (leaving forced
/// maintenance)`, with `DOWN` when the checks still fail and `DRAIN` when
/// the server is also draining.
pub fn server_leave_maint_msg(px: &str, srv: &str, backup: bool, up: bool, drain: bool) -> String {
    let state = if up { "UP" } else { "DOWN" };
    let admin = if drain { "DRAIN" } else { "READY" };
    format!(
        "{} is {state}/{admin} (leaving forced maintenance).",
        head(backup, px, srv)
    )
}

/// Leaving forced drain: `Server px/s is UP (leaving forced drain)`.
pub fn server_leave_drain_msg(px: &str, srv: &str, backup: bool, up: bool) -> String {
    let state = if up { "UP" } else { "DOWN" };
    format!(
        "{} is {state} (leaving forced drain).",
        head(backup, px, srv)
    )
}

/// The `option log-health-checks` line: `Health check for [backup ]server
/// px/s [conditionally ]succeeded|failed, reason: ..., status: x/y UP`.
/// `status_text` is [`crate::Health::status_text`] after the result.
pub fn health_log_msg(
    agent: bool,
    px: &str,
    srv: &str,
    backup: bool,
    o: &Outcome,
    passed: bool,
    status_text: &str,
) -> String {
    let mut msg = format!(
        "{} check for {}server {px}/{srv} {}{}",
        if agent { "Agent" } else { "Health" },
        if backup { "backup " } else { "" },
        if passed && o.status.is_conditional() {
            "conditionally "
        } else {
            ""
        },
        if passed { "succeeded" } else { "failed" },
    );
    append_why(&mut msg, Why::Check(o));
    msg.push_str(", status: ");
    msg.push_str(status_text);
    msg.push('.');
    msg
}

/// The stderr alert when a backend loses its last server:
/// `backend 'x' has no server available!`.
pub fn no_server_msg(backend: &str) -> String {
    no_server_msg_for("backend", backend)
}

/// The same for any proxy type word (`proxy_type_str`: `backend`, or
/// `proxy` for a `listen` section).
pub fn no_server_msg_for(px_type: &str, name: &str) -> String {
    format!("{px_type} '{name}' has no server available!")
}

/// The syslog (EMERG) form: `backend x has no server available!`.
pub fn no_server_log_msg(px_type: &str, name: &str) -> String {
    format!("{px_type} {name} has no server available!")
}

#[cfg(test)]
#[path = "messages_tests.rs"]
mod tests;
