//! One run of a check program (haproxy's `tcpcheck_main` and
//! `chk_report_conn_err`), as a state machine the runtime drives: it asks
//! for connections and writes through [`Action`]s and is told about
//! connection, data, end of stream, errors and the deadline.
//!
//! Driving contract: after [`Run::start`], and after every event method,
//! call [`Run::next`] until it returns [`Action::Recv`] or
//! [`Action::Done`]. Write every [`Action::Send`] in full before reading.
//! [`Action::Connect`] replaces the previous connection, if any (later
//! `tcp-check connect` steps). Call [`Run::timeout`] once [`Run::deadline`]
//! has passed.

use crate::agent::AgentReply;
use crate::expect::{self, Cx, Eval};
use crate::program::{step_id, Family, Match, Program, Rule, Send, Step};
use crate::status::{Outcome, Status};
use crate::CheckSpec;
use std::net::IpAddr;
use std::sync::Arc;

/// haproxy reads check responses into one buffer of `tune.bufsize`.
pub const BUF_SIZE: usize = 16384;

/// What the runtime must do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Open a connection; `None` means the server's own port or address.
    Connect {
        port: Option<u16>,
        addr: Option<IpAddr>,
    },
    /// Write these bytes.
    Send(Vec<u8>),
    /// Wait for the connection, more data, the end of stream, an error or
    /// the deadline.
    Recv,
    /// Finished: close the connection.
    Done(Outcome),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Running,
    Connecting,
    Waiting,
    Done,
}

/// One run of a check.
#[derive(Clone, Debug)]
pub struct Run {
    prog: Arc<Program>,
    pos: usize,
    cur: Option<usize>,
    phase: Phase,
    buf: Vec<u8>,
    must_read: bool,
    eof: bool,
    error: Option<String>,
    code: i32,
    start_ms: u64,
    deadline: u64,
    timeout_check: Option<u32>,
    unix_time: u32,
    server_running: bool,
    server_state: Option<String>,
    head_req: bool,
    outcome: Option<Outcome>,
    agent: Option<AgentReply>,
}

/// The text of an I/O error as `strerror` gives it ("Connection refused").
fn strerror(err: &std::io::Error) -> String {
    let s = err.to_string();
    match s.rfind(" (os error ") {
        Some(i) if s.ends_with(')') => s[..i].to_string(),
        _ => s,
    }
}

impl Run {
    /// Starts a run. `unix_time`: seconds since the epoch (the ClientHello
    /// of `ssl-hello-chk` embeds it); `now_ms`: a monotonic clock in ms.
    pub fn start(spec: &CheckSpec, unix_time: u32, now_ms: u64) -> Run {
        let (inter, tcheck, tconn) = spec.timeouts();
        let mut deadline = now_ms + u64::from(inter);
        if let (Some(_), Some(tc)) = (tcheck, tconn) {
            deadline = deadline.min(now_ms + u64::from(tc));
        }
        Run {
            prog: Arc::clone(&spec.prog),
            pos: 0,
            cur: None,
            phase: Phase::Running,
            buf: Vec::new(),
            must_read: false,
            eof: false,
            error: None,
            code: 0,
            start_ms: now_ms,
            deadline,
            timeout_check: tcheck,
            unix_time,
            server_running: true,
            server_state: None,
            head_req: false,
            outcome: None,
            agent: None,
        }
    }

    /// Whether the server is currently not stopped (`disable-on-404`
    /// turns a 404 into `L7OKC` only then). Default: true.
    pub fn with_server_running(mut self, running: bool) -> Run {
        self.server_running = running;
        self
    }

    /// The `x-haproxy-server-state` value for `http-check send-state`
    /// (see [`crate::server_state_header`]).
    pub fn with_server_state(mut self, value: String) -> Run {
        self.server_state = Some(value);
        self
    }

    /// When [`Run::timeout`] is due (monotonic ms): `inter` after the start
    /// (or `timeout connect` if shorter, when `timeout check` is set), then
    /// `timeout check` after each established connection when set.
    pub fn deadline(&self) -> u64 {
        self.deadline
    }

    /// The agent's evaluated reply, once the agent check is done.
    pub fn agent_reply(&self) -> Option<&AgentReply> {
        self.agent.as_ref()
    }

    pub fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    /// The next action; call after every event until `Recv` or `Done`.
    pub fn next(&mut self, now_ms: u64) -> Action {
        loop {
            match self.phase {
                Phase::Done => {
                    let o = self.outcome.clone();
                    return Action::Done(o.unwrap_or_else(|| Outcome::new(Status::Unk, 0, b"", 0)));
                }
                Phase::Connecting | Phase::Waiting => return Action::Recv,
                Phase::Running => {}
            }
            let prog = Arc::clone(&self.prog);
            let Some(rule) = prog.rules.get(self.pos) else {
                self.succeed(now_ms);
                continue;
            };
            if let Some(a) = self.step(rule, now_ms) {
                return a;
            }
        }
    }

    /// Executes the rule at `pos`; `Some` when the runtime must act.
    fn step(&mut self, rule: &Rule, now_ms: u64) -> Option<Action> {
        self.cur = Some(self.pos);
        match &rule.step {
            Step::Connect(c) => {
                self.pos += 1;
                self.phase = Phase::Connecting;
                self.buf.clear();
                (self.eof, self.error, self.must_read) = (false, None, false);
                Some(Action::Connect {
                    port: c.port,
                    addr: c.addr,
                })
            }
            Step::Send(s) => {
                if let Some(e) = self.error.clone() {
                    self.conn_error(Some(&e), false, now_ms);
                    return None;
                }
                self.pos += 1;
                self.buf.clear();
                self.must_read = true;
                Some(Action::Send(self.render(s)))
            }
            Step::Expect(e) => {
                if self.must_read {
                    self.phase = Phase::Waiting;
                    return Some(Action::Recv);
                }
                let last_read = self.eof || self.error.is_some() || self.buf.len() >= BUF_SIZE;
                if self.buf.is_empty() && last_read {
                    self.empty_response(rule, e, now_ms);
                    return None;
                }
                let has_next = self.pos + 1 < self.prog.rules.len();
                let prog = Arc::clone(&self.prog);
                let mut cx = Cx {
                    family: prog.family,
                    rule,
                    buf: &self.buf,
                    last_read,
                    has_next,
                    code: &mut self.code,
                    skip_404: prog.disable_on_404 && self.server_running,
                    head_req: self.head_req,
                    agent: &mut self.agent,
                    iweight: prog.iweight,
                    static_lb: prog.static_lb,
                };
                match expect::eval(&mut cx, e) {
                    Eval::Continue => self.pos += 1,
                    Eval::Wait => {
                        self.pos = e.head;
                        self.cur = Some(e.head);
                        self.phase = Phase::Waiting;
                        return Some(Action::Recv);
                    }
                    Eval::Stop(st, info) => self.finish(st, &info, now_ms),
                }
                None
            }
        }
    }

    fn render(&mut self, s: &Send) -> Vec<u8> {
        match s {
            Send::Bytes(b) => b.clone(),
            Send::SslHello => crate::protocols::ssl_client_hello(self.unix_time),
            Send::Http(req) => {
                self.head_req = req.meth.eq_ignore_ascii_case("HEAD");
                req.to_bytes(self.server_state.as_deref())
            }
        }
    }

    /// The connection closed (or failed) before any byte: haproxy's
    /// "TCPCHK got an empty response" (a plain L7RSP for HTTP checks).
    fn empty_response(&mut self, rule: &Rule, e: &crate::program::Expect, now_ms: u64) {
        if let Some(err) = self.error.clone() {
            self.conn_error(Some(&err), false, now_ms);
            return;
        }
        if self.prog.family == Family::Http {
            self.finish(Status::L7Rsp, b"", now_ms);
            return;
        }
        let mut msg = format!("TCPCHK got an empty response at step {}", step_id(rule));
        if let Some(c) = &rule.comment {
            msg.push_str(&format!(" comment: '{c}'"));
        }
        let st = e.err.unwrap_or(Status::L7Rsp);
        self.finish(st, msg.as_bytes(), now_ms);
    }

    /// All rules passed: the status depends on the last one run.
    fn succeed(&mut self, now_ms: u64) {
        let prog = Arc::clone(&self.prog);
        let last = self.cur.and_then(|i| prog.rules.get(i));
        let (status, info): (Status, Vec<u8>) = match last.map(|r| (&r.step, r)) {
            Some((Step::Expect(e), rule)) => {
                if prog.disable_on_404 && self.server_running && self.code == 404 {
                    (Status::L7OkC, Vec::new())
                } else {
                    let mut cx = Cx {
                        family: prog.family,
                        rule,
                        buf: &self.buf,
                        last_read: true,
                        has_next: false,
                        code: &mut self.code,
                        skip_404: false,
                        head_req: self.head_req,
                        agent: &mut self.agent,
                        iweight: prog.iweight,
                        static_lb: prog.static_lb,
                    };
                    let info = expect::onsuccess(&mut cx, e);
                    (e.ok.unwrap_or(Status::L7Ok), info)
                }
            }
            Some((Step::Connect(c), _)) => {
                let info: &[u8] = if c.implicit { b"" } else { b"(tcp-check)" };
                (Status::L4Ok, info.to_vec())
            }
            _ => (Status::L7Ok, b"(tcp-check)".to_vec()),
        };
        self.finish(status, &info, now_ms);
    }

    fn finish(&mut self, status: Status, info: &[u8], now_ms: u64) {
        let ms = now_ms.saturating_sub(self.start_ms);
        self.outcome = Some(Outcome::new(status, self.code, info, ms));
        self.phase = Phase::Done;
    }

    /// `chk_report_conn_err`: the error text followed, for tcp-check
    /// rulesets, by where it happened.
    fn conn_error(&mut self, err: Option<&str>, expired: bool, now_ms: u64) {
        let mut msg = err.unwrap_or("").to_string();
        let rule = self.cur.and_then(|i| self.prog.rules.get(i));
        if self.prog.family == Family::Tcp {
            msg.push_str(&where_suffix(rule));
        }
        let status = if self.phase == Phase::Connecting {
            if expired {
                Status::L4Tout
            } else {
                Status::L4Con
            }
        } else if !expired {
            Status::SockErr
        } else {
            match rule.map(|r| &r.step) {
                Some(Step::Expect(e)) => e.tout.unwrap_or(Status::L7Tout),
                _ => Status::L7Tout,
            }
        };
        self.finish(status, msg.as_bytes(), now_ms);
    }

    /// The connection is established.
    pub fn connected(&mut self, now_ms: u64) {
        if self.phase == Phase::Connecting {
            self.phase = Phase::Running;
            if let Some(tc) = self.timeout_check {
                self.deadline = now_ms + u64::from(tc);
            }
        }
    }

    /// The connection failed (`Connection refused`, ...): `L4CON`.
    pub fn connect_failed(&mut self, err: &std::io::Error, now_ms: u64) {
        if self.phase == Phase::Connecting {
            self.conn_error(Some(&strerror(err)), false, now_ms);
        }
    }

    /// Bytes read from the server (beyond [`BUF_SIZE`] they are dropped,
    /// and the buffer counts as the last read).
    pub fn data(&mut self, bytes: &[u8], _now_ms: u64) {
        if matches!(self.phase, Phase::Done | Phase::Connecting) || bytes.is_empty() {
            return;
        }
        let room = BUF_SIZE - self.buf.len().min(BUF_SIZE);
        self.buf.extend_from_slice(&bytes[..bytes.len().min(room)]);
        self.must_read = false;
        if self.phase == Phase::Waiting {
            self.phase = Phase::Running;
        }
    }

    /// The server closed its side.
    pub fn eof(&mut self, _now_ms: u64) {
        if matches!(self.phase, Phase::Done | Phase::Connecting) {
            return;
        }
        self.eof = true;
        self.must_read = false;
        if self.phase == Phase::Waiting {
            self.phase = Phase::Running;
        }
    }

    /// A read or write error on the established connection (`Connection
    /// reset by peer`): `SOCKERR` if nothing was received, else the data
    /// are judged as if the server had closed.
    pub fn io_error(&mut self, err: &std::io::Error, now_ms: u64) {
        match self.phase {
            Phase::Done => {}
            Phase::Connecting => self.connect_failed(err, now_ms),
            _ => {
                self.error = Some(strerror(err));
                self.must_read = false;
                self.phase = Phase::Running;
            }
        }
    }

    /// The deadline passed: `L4TOUT` while connecting, else the expect's
    /// `tout-status` or `L7TOUT`.
    pub fn timeout(&mut self, now_ms: u64) {
        if self.phase != Phase::Done {
            self.conn_error(None, true, now_ms);
        }
    }
}

/// ` at step N of tcp-check (expect string 'X') comment: 'c'`.
fn where_suffix(rule: Option<&Rule>) -> String {
    let Some(rule) = rule else {
        return " at step 1 of tcp-check".into();
    };
    let step = step_id(rule);
    if step == 0 {
        return " at initial connection step of tcp-check".into();
    }
    let mut s = format!(" at step {step} of tcp-check");
    match &rule.step {
        Step::Connect(c) if c.explicit_port => {
            s.push_str(&format!(" (connect port {})", c.port.unwrap_or(0)));
        }
        Step::Connect(_) => s.push_str(" (connect)"),
        Step::Send(_) => s.push_str(" (send)"),
        Step::Expect(e) => s.push_str(&match &e.m {
            Match::String(p) => format!(" (expect string '{}')", String::from_utf8_lossy(p)),
            Match::Binary(p) => {
                let hex: String = p.iter().map(|b| format!("{b:02X}")).collect();
                format!(" (expect binary '{hex}')")
            }
            Match::Regex(_) => " (expect regex)".into(),
            Match::RBinary(_) => " (expect binary regex)".into(),
            Match::Custom(_) => " (expect custom function)".into(),
            Match::HttpStatus(_) => " (expect HTTP status codes)".into(),
            Match::HttpRStatus(_) => " (expect HTTP status regex)".into(),
            Match::HttpHeader(_) => " (expect HTTP header pattern)".into(),
            Match::HttpBody(p) => format!(
                " (expect HTTP body content '{}')",
                String::from_utf8_lossy(p)
            ),
            Match::HttpRBody(_) => " (expect HTTP body regex)".into(),
        }),
    }
    if let Some(c) = &rule.comment {
        s.push_str(&format!(" comment: '{c}'"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strerror_drops_the_os_error_suffix() {
        let e = std::io::Error::from_raw_os_error(111);
        assert_eq!(strerror(&e), "Connection refused");
        let e = std::io::Error::from_raw_os_error(104);
        assert_eq!(strerror(&e), "Connection reset by peer");
        let e = std::io::Error::other("custom");
        assert_eq!(strerror(&e), "custom");
    }
}
