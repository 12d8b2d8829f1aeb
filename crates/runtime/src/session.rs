//! A TCP session from accept to close: rules and backend choice at accept,
//! server assignment (or a queue), the non-blocking connect with haproxy's
//! retries, turn-around delay and redispatch, then full-duplex forwarding
//! with half-close propagation and per-side inactivity timeouts.

use crate::cond::Facts;
use crate::conn::Conn;
use crate::flow::Dir;
use crate::plan::SrvAddr;
use crate::shared::{Assign, SessionId};
use crate::worker::{Worker, BASE};
use mio::{Interest, Token};
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Waiting in a server or backend queue.
    Queued,
    /// Waiting before the next connection attempt.
    TurnAround,
    Connecting,
    Established,
}

pub struct Session {
    pub fe: usize,
    pub listener: usize,
    pub be: usize,
    /// The server whose slot this session holds.
    pub srv: Option<usize>,
    /// The server that failed last, avoided on redispatch.
    pub avoid: Option<usize>,
    pub client: Conn,
    pub server: Option<Conn>,
    pub phase: Phase,
    pub src: Option<SocketAddr>,
    pub dst: Option<SocketAddr>,
    pub failures: u32,
    /// client -> server
    req: Dir,
    /// server -> client
    res: Dir,
    cli_exp: Option<Instant>,
    srv_exp: Option<Instant>,
    phase_exp: Option<Instant>,
    /// The deadline a timer entry is queued for.
    pub armed: Option<Instant>,
    /// Readiness since the last events: client read/write, server
    /// read/write.
    pub ready: Ready,
}

/// Edge-triggered readiness of both sockets.
#[derive(Clone, Copy, Debug)]
pub struct Ready {
    pub cli_r: bool,
    pub cli_w: bool,
    pub srv_r: bool,
    pub srv_w: bool,
    /// The peer's FIN was signalled (EPOLLRDHUP): a short read does not
    /// mean there is nothing left to read.
    pub cli_hup: bool,
    pub srv_hup: bool,
}

impl Session {
    pub fn next_deadline(&self) -> Option<Instant> {
        [self.cli_exp, self.srv_exp, self.phase_exp]
            .into_iter()
            .flatten()
            .min()
    }
}

fn later(t: Option<Duration>) -> Option<Instant> {
    t.map(|d| Instant::now() + d)
}

/// What `pump` decided.
enum Flow {
    Continue,
    Close,
}

impl Worker {
    /// A connection was accepted on listener `listener` of frontend `fe`.
    pub(crate) fn start(
        &mut self,
        mut client: Conn,
        src: Option<SocketAddr>,
        dst: Option<SocketAddr>,
        fe: usize,
        listener: usize,
    ) {
        let shared = self.shared.clone();
        let Some(f) = shared.plan.frontends.get(fe) else {
            shared.conn_closed(fe, listener);
            return;
        };
        if let Some(rt) = shared.frontends.get(fe) {
            rt.cum_conns.fetch_add(1, Ordering::Relaxed);
        }
        let facts = Facts { src, dst };
        for r in &f.tcp_rules {
            if r.cond.as_ref().is_none_or(|c| c.eval(&facts)) {
                if r.accept {
                    break;
                }
                drop(client);
                shared.conn_closed(fe, listener);
                return;
            }
        }
        let be = f
            .switching
            .iter()
            .find(|(c, _)| c.as_ref().is_none_or(|c| c.eval(&facts)))
            .map(|(_, b)| *b)
            .or(f.default_backend);
        let Some(be) = be else {
            drop(client);
            shared.conn_closed(fe, listener);
            return;
        };
        if let Some(b) = shared.backends.get(be) {
            b.cum_conns.fetch_add(1, Ordering::Relaxed);
        }
        client.tune(f.tcpka);
        let (slot, _) = self.alloc();
        let token = Token(BASE + 2 * slot);
        if self
            .poll
            .registry()
            .register(
                client.source(),
                token,
                Interest::READABLE | Interest::WRITABLE,
            )
            .is_err()
        {
            self.unalloc(slot);
            shared.conn_closed(fe, listener);
            return;
        }
        self.sessions[slot] = Some(Session {
            fe,
            listener,
            be,
            srv: None,
            avoid: None,
            client,
            server: None,
            phase: Phase::Queued,
            src,
            dst,
            failures: 0,
            req: Dir::default(),
            res: Dir::default(),
            cli_exp: None,
            srv_exp: None,
            phase_exp: None,
            armed: None,
            ready: Ready {
                cli_r: true,
                cli_w: true,
                srv_r: true,
                srv_w: true,
                cli_hup: false,
                srv_hup: false,
            },
        });
        self.assign(slot);
    }

    /// Load balancing for a session without a server slot.
    fn assign(&mut self, slot: usize) {
        let id = self.sid(slot);
        let Some(Some(s)) = self.sessions.get(slot) else {
            return;
        };
        let (be, src, avoid) = (s.be, s.src.map(|a| a.ip()), s.avoid);
        match self.shared.assign(be, src, avoid, id) {
            Assign::Server(srv) => {
                if let Some(Some(s)) = self.sessions.get_mut(slot) {
                    s.srv = Some(srv);
                }
                self.connect(slot);
            }
            Assign::Queued => {
                let t = self.shared.plan.backends[be].timeout_queue;
                if let Some(Some(s)) = self.sessions.get_mut(slot) {
                    s.phase = Phase::Queued;
                    s.phase_exp = later(t);
                }
                self.arm(slot);
            }
            Assign::NoServer | Assign::QueueFull => self.close(slot),
        }
    }

    /// A slot was handed to a queued session by another release.
    pub(crate) fn on_assigned(&mut self, id: SessionId, be: usize, srv: usize) {
        let live = self.sid(id.slot) == id && self.phase_of(id.slot) == Some(Phase::Queued);
        if !live {
            // the session is gone: pass the slot on
            self.shared.release(be, srv);
            return;
        }
        if let Some(Some(s)) = self.sessions.get_mut(id.slot) {
            s.srv = Some(srv);
            s.phase_exp = None;
        }
        self.connect(id.slot);
    }

    /// The session's server went down while it was queued on it: it goes
    /// through load balancing again.
    pub(crate) fn on_requeue(&mut self, id: SessionId) {
        if self.sid(id.slot) != id || self.phase_of(id.slot) != Some(Phase::Queued) {
            return;
        }
        self.assign(id.slot);
    }

    /// `on-marked-down shutdown-sessions`: closes this worker's sessions
    /// on the server.
    pub(crate) fn shutdown_server(&mut self, be: usize, srv: usize) {
        let on: Vec<usize> = self
            .sessions
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let s = s.as_ref()?;
                (s.be == be && s.srv == Some(srv)).then_some(i)
            })
            .collect();
        for slot in on {
            self.close(slot);
        }
    }

    /// Starts a connection attempt to the session's server.
    fn connect(&mut self, slot: usize) {
        let shared = self.shared.clone();
        let Some(Some(s)) = self.sessions.get_mut(slot) else {
            return;
        };
        let Some(srv) = s.srv else {
            return;
        };
        let b = &shared.plan.backends[s.be];
        let Some(sp) = b.servers.get(srv) else {
            return;
        };
        let dst_port = s.dst.map_or(0, |d| d.port());
        let target = match &sp.addr {
            SrvAddr::Inet(a) => Target::Inet(*a),
            SrvAddr::InetDstPort(ip, off) => {
                let p = (i32::from(dst_port) + off).rem_euclid(65536) as u16;
                Target::Inet(SocketAddr::new(*ip, p))
            }
            SrvAddr::Transparent => match s.dst {
                Some(d) => Target::Inet(d),
                None => Target::None,
            },
            SrvAddr::Unix(p) => Target::Unix(p.clone()),
            SrvAddr::None => Target::None,
        };
        let conn = match target {
            Target::Inet(a) => mio::net::TcpStream::connect(a).map(Conn::Tcp),
            Target::Unix(p) => mio::net::UnixStream::connect(p).map(Conn::Unix),
            Target::None => Err(std::io::ErrorKind::AddrNotAvailable.into()),
        };
        s.phase = Phase::Connecting;
        s.phase_exp = later(b.timeout_connect);
        match conn {
            Ok(mut c) => {
                c.tune(b.tcpka);
                let token = Token(BASE + 2 * slot + 1);
                let reg = self.poll.registry().register(
                    c.source(),
                    token,
                    Interest::READABLE | Interest::WRITABLE,
                );
                s.server = Some(c);
                s.ready.srv_r = true;
                s.ready.srv_w = true;
                s.ready.srv_hup = false;
                if reg.is_err() {
                    self.fail(slot, true);
                    return;
                }
                self.arm(slot);
            }
            Err(_) => self.fail(slot, true),
        }
    }

    /// A connection attempt failed: retry, redispatch or give up, as
    /// haproxy's `back_handle_st_cer()`. `async_err`: the connect was
    /// refused (not timed out), so a turn-around delay applies.
    fn fail(&mut self, slot: usize, async_err: bool) {
        let shared = self.shared.clone();
        let Some(Some(s)) = self.sessions.get_mut(slot) else {
            return;
        };
        if let Some(mut c) = s.server.take() {
            let _ = self.poll.registry().deregister(c.source());
        }
        let b = &shared.plan.backends[s.be];
        if let Some(srv) = s.srv {
            shared.observe_l4(s.be, srv, false);
        }
        s.failures += 1;
        if s.failures > b.retries {
            self.close(slot);
            return;
        }
        let redispatch = match b.redispatch {
            Some(n) if n > 0 => s.failures % (n as u32) == 0,
            Some(n) => {
                let every = i64::from(b.retries) + 1 + n;
                every > 0 && i64::from(s.failures) % every == 0
            }
            None => false,
        };
        if redispatch {
            if let Some(srv) = s.srv.take() {
                s.avoid = Some(srv);
                shared.release(s.be, srv);
            }
        }
        if async_err {
            let delay = b
                .timeout_connect
                .map_or(Duration::from_secs(1), |c| c.min(Duration::from_secs(1)));
            s.phase = Phase::TurnAround;
            s.phase_exp = Some(Instant::now() + delay);
            self.arm(slot);
        } else {
            self.retry(slot);
        }
    }

    fn retry(&mut self, slot: usize) {
        match self.sessions.get(slot) {
            Some(Some(s)) if s.srv.is_some() => self.connect(slot),
            Some(Some(_)) => self.assign(slot),
            _ => {}
        }
    }

    pub(crate) fn on_event(&mut self, slot: usize, server_side: bool, ev: &mio::event::Event) {
        let Some(Some(s)) = self.sessions.get_mut(slot) else {
            return;
        };
        let r = ev.is_readable() || ev.is_read_closed() || ev.is_error();
        let w = ev.is_writable() || ev.is_write_closed() || ev.is_error();
        let hup = ev.is_read_closed() || ev.is_error();
        if server_side {
            s.ready.srv_r |= r;
            s.ready.srv_w |= w;
            s.ready.srv_hup |= hup;
        } else {
            s.ready.cli_r |= r;
            s.ready.cli_w |= w;
            s.ready.cli_hup |= hup;
        }
        if server_side && s.phase == Phase::Connecting {
            let Some(c) = s.server.as_ref() else {
                return;
            };
            // a non-blocking connect completes with the socket writable
            // and no pending error
            match c.take_error() {
                Ok(None) if w => self.established(slot),
                Ok(None) => return,
                _ => {
                    self.fail(slot, true);
                    return;
                }
            }
        }
        self.pump(slot);
    }

    fn established(&mut self, slot: usize) {
        let shared = self.shared.clone();
        let Some(Some(s)) = self.sessions.get_mut(slot) else {
            return;
        };
        s.phase = Phase::Established;
        s.phase_exp = None;
        s.avoid = None;
        if let Some(srv) = s.srv {
            shared.observe_l4(s.be, srv, true);
        }
        let now = Instant::now();
        let (f, b) = (&shared.plan.frontends[s.fe], &shared.plan.backends[s.be]);
        let tcp = s.client.is_tcp() && s.server.as_ref().is_some_and(Conn::is_tcp);
        let ok = tcp && shared.plan.splice_allowed;
        let auto = f.splice.auto || b.splice.auto;
        s.req.splice = ok && (auto || f.splice.request || b.splice.request);
        s.res.splice = ok && (auto || f.splice.response || b.splice.response);
        s.cli_exp = b.timeout_tunnel.or(f.timeout_client).map(|d| now + d);
        s.srv_exp = b.timeout_tunnel.or(b.timeout_server).map(|d| now + d);
    }

    /// Moves bytes both ways until nothing more can move now.
    pub(crate) fn pump(&mut self, slot: usize) {
        let flow = self.pump_inner(slot);
        match flow {
            Flow::Close => self.close(slot),
            Flow::Continue => self.arm(slot),
        }
    }

    fn pump_inner(&mut self, slot: usize) -> Flow {
        // disjoint borrows of the worker's fields: no Arc clone per event
        let shared = &*self.shared;
        let pool = &mut self.pool;
        let Some(Some(s)) = self.sessions.get_mut(slot) else {
            return Flow::Continue;
        };
        let (f, b) = (&shared.plan.frontends[s.fe], &shared.plan.backends[s.be]);
        let up = s.phase == Phase::Established;
        let mut cli_active = false;
        let mut srv_active = false;
        loop {
            let rdy = &mut s.ready;
            let server = match s.server.as_mut() {
                Some(c) if up => Some((c, &mut rdy.srv_w)),
                _ => None,
            };
            let hup = rdy.cli_hup;
            let Ok((rd, wr)) = s.req.step(&mut s.client, &mut rdy.cli_r, hup, server, pool) else {
                return Flow::Close;
            };
            cli_active |= rd;
            srv_active |= wr;
            let (mut rd2, mut wr2) = (false, false);
            if up {
                if let Some(server) = s.server.as_mut() {
                    let rdy = &mut s.ready;
                    let client = Some((&mut s.client, &mut rdy.cli_w));
                    let hup = rdy.srv_hup;
                    let Ok(r) = s.res.step(server, &mut rdy.srv_r, hup, client, pool) else {
                        return Flow::Close;
                    };
                    (rd2, wr2) = r;
                }
            }
            srv_active |= rd2;
            cli_active |= wr2;
            if !(rd || wr || rd2 || wr2) {
                break;
            }
        }
        if up && s.req.shut && s.res.shut {
            return Flow::Close;
        }
        if up {
            let now = Instant::now();
            if cli_active {
                let half = s.req.eof || s.res.shut;
                let t = b
                    .timeout_tunnel
                    .or(if half { f.timeout_client_fin } else { None })
                    .or(f.timeout_client);
                s.cli_exp = t.map(|d| now + d);
            }
            if srv_active {
                let half = s.res.eof || s.req.shut;
                let t = b
                    .timeout_tunnel
                    .or(if half { b.timeout_server_fin } else { None })
                    .or(b.timeout_server);
                s.srv_exp = t.map(|d| now + d);
            }
        }
        Flow::Continue
    }

    pub(crate) fn on_timeout(&mut self, slot: usize, now: Instant) {
        let Some(Some(s)) = self.sessions.get_mut(slot) else {
            return;
        };
        let phase_due = s.phase_exp.is_some_and(|t| t <= now);
        match s.phase {
            Phase::Queued if phase_due => {
                s.phase_exp = None;
                let (be, id) = (s.be, self.sid(slot));
                if self.shared.dequeue(be, id) {
                    self.close(slot);
                }
                // else: a slot is being handed over; Assigned will come
            }
            Phase::Connecting if phase_due => self.fail(slot, false),
            Phase::TurnAround if phase_due => {
                s.phase_exp = None;
                self.retry(slot);
            }
            Phase::Established => {
                let cli = s.cli_exp.is_some_and(|t| t <= now);
                let srv = s.srv_exp.is_some_and(|t| t <= now);
                if cli || srv {
                    self.close(slot);
                } else {
                    self.arm(slot);
                }
            }
            _ => self.arm(slot),
        }
    }

    /// Ends a session: both sockets closed, the server slot released (and
    /// handed to the next queued session), the limits freed.
    pub(crate) fn close(&mut self, slot: usize) {
        let shared = self.shared.clone();
        let id = self.sid(slot);
        let Some(Some(s)) = self.sessions.get_mut(slot) else {
            return;
        };
        let _ = self.poll.registry().deregister(s.client.source());
        if let Some(mut c) = s.server.take() {
            let _ = self.poll.registry().deregister(c.source());
        }
        s.req.buf.release(&mut self.pool);
        s.res.buf.release(&mut self.pool);
        if s.phase == Phase::Queued && s.srv.is_none() {
            shared.dequeue(s.be, id);
        }
        let (fe, listener, be, srv) = (s.fe, s.listener, s.be, s.srv.take());
        self.free_slot(slot);
        if let Some(srv) = srv {
            shared.release(be, srv);
        }
        shared.conn_closed(fe, listener);
        if let Some(l) = self.listeners.get(listener) {
            if l.blocked {
                self.accept(listener);
            }
        }
    }
}

enum Target {
    Inet(SocketAddr),
    Unix(String),
    None,
}
