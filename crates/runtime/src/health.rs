//! Health checks inside the workers' event loops (no thread per check):
//! each checked server's check belongs to one worker, which runs the
//! `checks::Run` state machine over a non-blocking socket, counts
//! rise/fall with `checks::Health`, and on a transition updates the
//! backend's balancer for every worker at once (`Shared::set_server_up`)
//! and prints haproxy's messages.

use crate::conn::Conn;
use crate::plan::SrvAddr;
use crate::worker::Worker;
use checks::{Action, Health, Outcome};

use mio::{Interest, Token};
use std::cmp::Reverse;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Check sockets' tokens: `CHECK_BASE + index`.
pub(crate) const CHECK_BASE: usize = 1 << 19;

pub(crate) struct CheckTask {
    pub be: usize,
    pub srv: usize,
    pub spec: Arc<checks::CheckSpec>,
    pub health: Health,
    pub run: Option<checks::Run>,
    conn: Option<Conn>,
    connecting: bool,
    /// When the next run starts (while idle) or the current step times out.
    pub due: Instant,
    /// Data a non-blocking write could not send yet.
    out: Vec<u8>,
}

impl CheckTask {
    pub fn new(be: usize, srv: usize, spec: Arc<checks::CheckSpec>, first: Instant) -> CheckTask {
        let health = Health::new(spec.rise(), spec.fall());
        CheckTask {
            be,
            srv,
            spec,
            health,
            run: None,
            conn: None,
            connecting: false,
            due: first,
            out: Vec::new(),
        }
    }
}

/// Spreads the checks over the workers (check k to worker k mod n) and
/// delays the first run of the i-th of N checks by `min_inter * i / N`,
/// as haproxy's start-up spreading does.
/// The worker that owns each (backend, server)'s health check.
pub(crate) type CheckOwners = std::collections::HashMap<(usize, usize), usize>;

pub(crate) fn distribute(
    plan: &crate::plan::Plan,
    workers: usize,
) -> (Vec<Vec<CheckTask>>, CheckOwners) {
    let mut all = Vec::new();
    for (b, be) in plan.backends.iter().enumerate() {
        for (s, sp) in be.servers.iter().enumerate() {
            if sp.disabled {
                continue;
            }
            for spec in [&sp.check, &sp.agent].into_iter().flatten() {
                all.push((b, s, spec.clone()));
            }
        }
    }
    let n = all.len().max(1) as u64;
    // haproxy's start_checks: the smallest starting interval (fastinter
    // when set: nothing is checked yet) among those of at least 1 s, capped
    // by max-spread-checks; none: everything starts at once
    let mut min_inter = all
        .iter()
        .map(|(_, _, s)| u64::from(s.fastinter().unwrap_or(s.inter())))
        .filter(|ms| *ms >= 1000)
        .min()
        .unwrap_or(0);
    if let Some(cap) = plan.max_spread_checks {
        min_inter = min_inter.min(u64::from(cap));
    }
    let now = Instant::now();
    let mut sets: Vec<Vec<CheckTask>> = (0..workers.max(1)).map(|_| Vec::new()).collect();
    let mut owner = std::collections::HashMap::new();
    for (k, (b, s, spec)) in all.into_iter().enumerate() {
        let first = now + Duration::from_millis(min_inter * k as u64 / n);
        let w = k % sets.len();
        if !spec.is_agent() {
            owner.insert((b, s), w);
        }
        sets[w].push(CheckTask::new(b, s, spec, first));
    }
    (sets, owner)
}

/// `interval ± spread%`, from 32 random bits.
fn jitter(ms: u32, spread_pct: u32, noise: u32) -> u32 {
    if spread_pct == 0 {
        return ms;
    }
    let span = u64::from(ms) * u64::from(spread_pct) / 100;
    let off = u64::from(noise) % (2 * span + 1);
    (u64::from(ms) + off).saturating_sub(span).max(1) as u32
}

fn unix_time() -> u32 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as u32)
}

impl Worker {
    fn now_ms(&self) -> u64 {
        self.epoch.elapsed().as_millis() as u64
    }

    pub(crate) fn schedule_check(&mut self, i: usize) {
        if let Some(t) = self.checks.get(i) {
            self.check_timers.push(Reverse((t.due, i)));
        }
    }

    /// Timers of checks: start a run, or time out the current step.
    pub(crate) fn expire_checks(&mut self) {
        let now = Instant::now();
        while let Some(Reverse((at, i))) = self.check_timers.peek().copied() {
            if at > now {
                break;
            }
            self.check_timers.pop();
            let Some(t) = self.checks.get(i) else {
                continue;
            };
            if t.due != at {
                continue; // stale entry
            }
            if t.run.is_none() {
                self.start_check(i);
            } else {
                let now_ms = self.now_ms();
                if let Some(r) = self.checks[i].run.as_mut() {
                    r.timeout(now_ms);
                }
                self.drive_check(i);
            }
        }
    }

    fn start_check(&mut self, i: usize) {
        let now_ms = self.now_ms();
        let state = self.send_state(i);
        let t = &mut self.checks[i];
        let mut run =
            checks::Run::start(&t.spec, unix_time(), now_ms).with_server_running(t.health.is_up());
        if let Some(v) = state {
            run = run.with_server_state(v);
        }
        t.run = Some(run);
        self.drive_check(i);
    }

    /// The `x-haproxy-server-state` value (`http-check send-state`).
    fn send_state(&self, i: usize) -> Option<String> {
        let t = self.checks.get(i)?;
        if !t.spec.sends_state() {
            return None;
        }
        let b = self.shared.plan.backends.get(t.be)?;
        let sp = b.servers.get(t.srv)?;
        let (addr, port) = match &sp.addr {
            SrvAddr::Inet(a) => (a.ip().to_string(), Some(a.port())),
            SrvAddr::InetDstPort(ip, _) => (ip.to_string(), None),
            SrvAddr::Unix(p) => (p.clone(), None),
            _ => (String::new(), None),
        };
        let (weight, total_weight, sessions, backend_sessions, queued, stopping) =
            self.shared.state_numbers(t.be, t.srv);
        let st = checks::ServerState {
            px: &b.name,
            srv: &sp.name,
            node: &self.shared.plan.node,
            addr: &addr,
            port,
            checks: true,
            running: t.health.is_up(),
            stopping,
            health: t.health.value(),
            rise: t.health.rise(),
            fall: t.health.fall(),
            weight,
            total_weight,
            sessions,
            backend_sessions,
            queued,
            throttle_pct: None,
        };
        Some(checks::server_state_header(&st))
    }

    /// Runs the state machine until it waits for the network or is done.
    fn drive_check(&mut self, i: usize) {
        loop {
            let now_ms = self.now_ms();
            let Some(r) = self.checks.get_mut(i).and_then(|t| t.run.as_mut()) else {
                return;
            };
            match r.next(now_ms) {
                Action::Connect { port, addr } => {
                    self.check_connect(i, port, addr);
                    self.arm_check_deadline(i);
                    return;
                }
                Action::Send(bytes) => {
                    let t = &mut self.checks[i];
                    t.out.extend_from_slice(&bytes);
                    if !self.flush_check(i) {
                        return;
                    }
                }
                Action::Recv => {
                    self.arm_check_deadline(i);
                    return;
                }
                Action::Done(o) => {
                    let reply = r.agent_reply().cloned();
                    self.finish_check(i, o, reply);
                    return;
                }
            }
        }
    }

    /// Writes pending bytes; false when the run failed meanwhile.
    fn flush_check(&mut self, i: usize) -> bool {
        let now_ms = self.now_ms();
        let t = &mut self.checks[i];
        let Some(c) = t.conn.as_mut() else {
            return true;
        };
        while !t.out.is_empty() {
            match c.write(&t.out) {
                Ok(n) => {
                    t.out.drain(..n);
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return true,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    if let Some(r) = t.run.as_mut() {
                        r.io_error(&e, now_ms);
                    }
                    return true;
                }
            }
        }
        true
    }

    fn check_target(
        &self,
        i: usize,
        port: Option<u16>,
        addr: Option<std::net::IpAddr>,
    ) -> Option<SocketAddr> {
        let t = self.checks.get(i)?;
        let sp = self.shared.plan.backends.get(t.be)?.servers.get(t.srv)?;
        let (ip, srv_port) = match &sp.addr {
            SrvAddr::Inet(a) => (a.ip(), Some(a.port())),
            SrvAddr::InetDstPort(ip, _) => (*ip, None),
            _ => return None,
        };
        let ip = addr.or(t.spec.addr()).unwrap_or(ip);
        let port = port.or(t.spec.port()).or(srv_port)?;
        Some(SocketAddr::new(ip, port))
    }

    fn check_connect(&mut self, i: usize, port: Option<u16>, addr: Option<std::net::IpAddr>) {
        let now_ms = self.now_ms();
        self.close_check_conn(i);
        let target = self.check_target(i, port, addr);
        let delay_ack = self.checks[i].spec.delay_ack();
        let conn = match target {
            Some(a) => crate::conn::connect_check(a, delay_ack).map(Conn::Tcp),
            None => Err(std::io::ErrorKind::AddrNotAvailable.into()),
        };
        let t = &mut self.checks[i];
        match conn {
            Ok(mut c) => {
                let reg = self.poll.registry().register(
                    c.source(),
                    Token(CHECK_BASE + i),
                    Interest::READABLE | Interest::WRITABLE,
                );
                if let Err(e) = reg {
                    if let Some(r) = t.run.as_mut() {
                        r.connect_failed(&e, now_ms);
                    }
                    self.drive_check(i);
                    return;
                }
                t.conn = Some(c);
                t.connecting = true;
            }
            Err(e) => {
                if let Some(r) = t.run.as_mut() {
                    r.connect_failed(&e, now_ms);
                }
                self.drive_check(i);
            }
        }
    }

    /// The running check's timeout, as the state machine computes it.
    fn arm_check_deadline(&mut self, i: usize) {
        let epoch = self.epoch;
        let Some(t) = self.checks.get_mut(i) else {
            return;
        };
        let Some(r) = t.run.as_ref() else {
            return;
        };
        let due = epoch + Duration::from_millis(r.deadline());
        if t.due != due {
            t.due = due;
            self.schedule_check(i);
        }
    }

    /// An event on a check socket.
    pub(crate) fn on_check_event(&mut self, i: usize, writable: bool) {
        let now_ms = self.now_ms();
        let Some(t) = self.checks.get_mut(i) else {
            return;
        };
        let Some(c) = t.conn.as_mut() else {
            return;
        };
        let Some(r) = t.run.as_mut() else {
            return;
        };
        if t.connecting {
            // a non-blocking connect completes with the socket writable
            // and no pending error
            match c.take_error() {
                Ok(None) if writable => {
                    t.connecting = false;
                    r.connected(now_ms);
                }
                Ok(None) => return,
                Ok(Some(e)) | Err(e) => {
                    r.connect_failed(&e, now_ms);
                    self.drive_check(i);
                    return;
                }
            }
            self.drive_check(i);
            // a greeting may have come with the connect (server talks
            // first): the edge is consumed, so read now
            if self
                .checks
                .get(i)
                .is_none_or(|t| t.run.is_none() || t.conn.is_none())
            {
                return;
            }
        }
        let _ = self.flush_check(i);
        let t = &mut self.checks[i];
        let (Some(c), Some(r)) = (t.conn.as_mut(), t.run.as_mut()) else {
            return;
        };
        let mut buf = [0u8; 4096];
        loop {
            match c.read(&mut buf) {
                Ok(0) => {
                    r.eof(now_ms);
                    break;
                }
                Ok(n) => r.data(&buf[..n], now_ms),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    r.io_error(&e, now_ms);
                    break;
                }
            }
        }
        self.drive_check(i);
    }

    fn close_check_conn(&mut self, i: usize) {
        if let Some(t) = self.checks.get_mut(i) {
            if let Some(c) = t.conn.take() {
                // haproxy aborts check connections (RST): no TIME_WAIT left
                // behind, and a pure layer-4 check never completes the
                // handshake on the server's side. Closing the socket also
                // removes it from the poller (it is never duplicated).
                c.abort_on_close();
            }
            t.connecting = false;
            t.out.clear();
        }
    }

    /// A run ended: count it, report it, act on a transition (and on the
    /// agent's commands), schedule the next run.
    fn finish_check(&mut self, i: usize, o: Outcome, reply: Option<checks::AgentReply>) {
        self.close_check_conn(i);
        if let Some(t) = self.checks.get_mut(i) {
            t.run = None;
        }
        self.apply_result(i, o, reply);
        let shared = self.shared.clone();
        let spread = shared.plan.spread_checks;
        let noise = self.next_random();
        let t = &mut self.checks[i];
        let ms = t
            .health
            .interval_ms(t.spec.inter(), t.spec.fastinter(), t.spec.downinter());
        let ms = jitter(ms, spread, noise);
        t.due = Instant::now() + Duration::from_millis(u64::from(ms));
        self.schedule_check(i);
    }
}

#[cfg(test)]
mod tests {
    use super::jitter;

    #[test]
    fn spread_checks_stays_within_the_percentage() {
        assert_eq!(jitter(2000, 0, 12345), 2000);
        for noise in [0, 1, 7, 400, 401, 800, u32::MAX] {
            let j = jitter(2000, 10, noise);
            assert!((1800..=2200).contains(&j), "{j}");
        }
        assert_eq!(jitter(2000, 10, 0), 1800);
        assert_eq!(jitter(2000, 10, 400), 2200);
    }
}
