//! One worker thread: a mio event loop over its own duplicates of every
//! listening socket, its sessions, its timers and its mailbox. Workers
//! share nothing but [`Shared`] (limits, counters, balancers and queues).

use crate::conn::{Conn, Pool};
use crate::listen::Listener;
use crate::session::{Phase, Session};
use crate::shared::{Msg, SessionId, Shared};
use mio::{Events, Interest, Poll, Token};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io;
use std::sync::atomic::Ordering;
use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::Instant;

pub(crate) const WAKER: Token = Token(usize::MAX - 1);
/// Session tokens start here: client `BASE + 2*slot`, server `+1`.
pub(crate) const BASE: usize = 1 << 20;

pub(crate) enum Lsock {
    Tcp(mio::net::TcpListener),
    Unix(mio::net::UnixListener),
}

pub(crate) struct WListener {
    pub sock: Option<Lsock>,
    pub frontend: usize,
    pub maxconn: u32,
    /// Not accepting because a connection limit is reached.
    pub blocked: bool,
}

pub struct Worker {
    pub(crate) id: usize,
    pub(crate) shared: Arc<Shared>,
    pub(crate) poll: Poll,
    rx: Receiver<Msg>,
    pub(crate) listeners: Vec<WListener>,
    pub(crate) sessions: Vec<Option<Session>>,
    pub(crate) gens: Vec<u32>,
    free: Vec<usize>,
    pub(crate) live: usize,
    pub(crate) timers: BinaryHeap<Reverse<(Instant, usize, u32)>>,
    pub(crate) pool: Pool,
    stopping: bool,
    paused: bool,
    /// This worker's share of the health checks.
    pub(crate) checks: Vec<crate::health::CheckTask>,
    pub(crate) check_timers: BinaryHeap<Reverse<(Instant, usize)>>,
    /// The origin of the monotonic milliseconds the checks use.
    pub(crate) epoch: Instant,
    /// State of the check-interval jitter (`spread-checks`).
    pub(crate) rng: u32,
    /// The session count a health-analysis transition reports (taken when
    /// live traffic reached the error limit).
    pub(crate) hana_sessions: Option<usize>,
}

impl Worker {
    pub fn new(
        id: usize,
        shared: Arc<Shared>,
        listeners: &[Listener],
        poll: Poll,
        rx: Receiver<Msg>,
        checks: Vec<crate::health::CheckTask>,
    ) -> io::Result<Worker> {
        let mut ws = Vec::new();
        for (i, l) in listeners.iter().enumerate() {
            let dup = l.socket.try_clone()?;
            let fd: std::os::fd::OwnedFd = dup.into();
            let mut sock = if l.unix {
                Lsock::Unix(mio::net::UnixListener::from_std(fd.into()))
            } else {
                Lsock::Tcp(mio::net::TcpListener::from_std(fd.into()))
            };
            match &mut sock {
                Lsock::Tcp(s) => poll.registry().register(s, Token(i), Interest::READABLE)?,
                Lsock::Unix(s) => poll.registry().register(s, Token(i), Interest::READABLE)?,
            }
            ws.push(WListener {
                sock: Some(sock),
                frontend: l.frontend,
                maxconn: l.spec.maxconn,
                blocked: false,
            });
        }
        let bufsize = shared.plan.bufsize;
        Ok(Worker {
            id,
            shared,
            poll,
            rx,
            listeners: ws,
            sessions: Vec::new(),
            gens: Vec::new(),
            free: Vec::new(),
            live: 0,
            timers: BinaryHeap::new(),
            pool: Pool::new(bufsize),
            stopping: false,
            paused: false,
            check_timers: checks
                .iter()
                .enumerate()
                .map(|(i, t)| Reverse((t.due, i)))
                .collect(),
            checks,
            epoch: Instant::now(),
            hana_sessions: None,
            rng: 0x9E37_79B9 ^ (id as u32).wrapping_mul(0x85EB_CA6B) | 1,
        })
    }

    /// Runs until a soft stop has drained every session, or a hard stop.
    pub fn run(mut self) {
        let mut events = Events::with_capacity(256);
        loop {
            if self.stopping && self.live == 0 {
                return;
            }
            let next = [
                self.timers.peek().map(|Reverse((at, _, _))| *at),
                self.check_timers.peek().map(|Reverse((at, _))| *at),
            ]
            .into_iter()
            .flatten()
            .min();
            let timeout = next.map(|at| at.saturating_duration_since(Instant::now()));
            if let Err(e) = self.poll.poll(&mut events, timeout) {
                if e.kind() != io::ErrorKind::Interrupted {
                    return;
                }
            }
            for ev in events.iter() {
                match ev.token() {
                    WAKER => {}
                    Token(t) if (crate::health::CHECK_BASE..BASE).contains(&t) => {
                        let w = ev.is_writable() || ev.is_write_closed() || ev.is_error();
                        self.on_check_event(t - crate::health::CHECK_BASE, w)
                    }
                    Token(t) if t < BASE => self.accept(t),
                    Token(t) => {
                        let slot = (t - BASE) / 2;
                        let server_side = (t - BASE) % 2 == 1;
                        self.on_event(slot, server_side, ev);
                    }
                }
            }
            if !self.mailbox() {
                return;
            }
            self.expire();
            self.expire_checks();
        }
    }

    /// Handles every pending message; false on a hard stop.
    fn mailbox(&mut self) -> bool {
        while let Ok(m) = self.rx.try_recv() {
            match m {
                Msg::Assigned { id, be, srv } => self.on_assigned(id, be, srv),
                Msg::ResumeAccept => {
                    for i in 0..self.listeners.len() {
                        if self.listeners[i].blocked {
                            self.listeners[i].blocked = false;
                            self.accept(i);
                        }
                    }
                }
                Msg::SoftStop => {
                    // take what already waits in the backlogs: a client the
                    // kernel accepted must not be reset by the close
                    for i in 0..self.listeners.len() {
                        self.accept(i);
                    }
                    self.stopping = true;
                    self.close_listeners();
                }
                Msg::HardStop => return false,
                Msg::Requeue { id } => self.on_requeue(id),
                Msg::ShutdownServer { be, srv } => self.shutdown_server(be, srv),
                Msg::Hana {
                    be,
                    srv,
                    errors,
                    sessions,
                } => self.on_hana(be, srv, errors, sessions),
                Msg::Pause => {
                    self.paused = true;
                }
                Msg::Resume => {
                    self.paused = false;
                    for i in 0..self.listeners.len() {
                        self.accept(i);
                    }
                }
            }
        }
        true
    }

    fn close_listeners(&mut self) {
        for l in &mut self.listeners {
            if let Some(mut s) = l.sock.take() {
                let _ = match &mut s {
                    Lsock::Tcp(x) => self.poll.registry().deregister(x),
                    Lsock::Unix(x) => self.poll.registry().deregister(x),
                };
            }
        }
    }

    /// Accepts until the backlog is empty or a limit is reached (excess
    /// connections then wait in the kernel backlog).
    pub(crate) fn accept(&mut self, idx: usize) {
        if self.stopping || self.paused {
            return;
        }
        loop {
            let Some(l) = self.listeners.get(idx) else {
                return;
            };
            if l.blocked || l.sock.is_none() {
                return;
            }
            let fe = l.frontend;
            let fe_max = self.shared.plan.frontends.get(fe).map_or(0, |f| f.maxconn);
            let l_max = l.maxconn;
            if !self.shared.conn_admit(fe, idx, fe_max, l_max) {
                self.shared.accept_blocked.store(true, Ordering::Release);
                // a close may have happened before the flag was set
                if !self.shared.conn_admit(fe, idx, fe_max, l_max) {
                    if let Some(l) = self.listeners.get_mut(idx) {
                        l.blocked = true;
                    }
                    return;
                }
            }
            let accepted = match self.listeners.get(idx).and_then(|l| l.sock.as_ref()) {
                Some(Lsock::Tcp(s)) => s.accept().map(|(c, a)| {
                    let dst = c.local_addr().ok();
                    (Conn::Tcp(c), Some(a), dst)
                }),
                Some(Lsock::Unix(s)) => s.accept().map(|(c, _)| (Conn::Unix(c), None, None)),
                None => Err(io::ErrorKind::WouldBlock.into()),
            };
            match accepted {
                Ok((conn, src, dst)) => self.start(conn, src, dst, fe, idx),
                Err(e) => {
                    self.shared.conn_closed_quiet(fe, idx);
                    match e.kind() {
                        io::ErrorKind::WouldBlock => return,
                        io::ErrorKind::Interrupted | io::ErrorKind::ConnectionAborted => {}
                        // EMFILE and friends: retry once something closes
                        _ => {
                            if let Some(l) = self.listeners.get_mut(idx) {
                                l.blocked = true;
                            }
                            self.shared.accept_blocked.store(true, Ordering::Release);
                            return;
                        }
                    }
                }
            }
        }
    }

    /// A free session slot and its generation.
    pub(crate) fn alloc(&mut self) -> (usize, u32) {
        let slot = match self.free.pop() {
            Some(s) => s,
            None => {
                self.sessions.push(None);
                self.gens.push(0);
                self.sessions.len() - 1
            }
        };
        self.live += 1;
        (slot, self.gens[slot])
    }

    /// Gives back a slot from [`Worker::alloc`] that never held a session.
    pub(crate) fn unalloc(&mut self, slot: usize) {
        self.free.push(slot);
        self.live -= 1;
    }

    pub(crate) fn free_slot(&mut self, slot: usize) {
        if let Some(s) = self.sessions.get_mut(slot) {
            if s.take().is_some() {
                self.gens[slot] = self.gens[slot].wrapping_add(1);
                self.free.push(slot);
                self.live -= 1;
            }
        }
    }

    pub(crate) fn sid(&self, slot: usize) -> SessionId {
        SessionId {
            worker: self.id,
            slot,
            gen: self.gens.get(slot).copied().unwrap_or(0),
        }
    }

    /// Arms a timer for a slot (lazily: the session's own deadlines are the
    /// truth, entries are re-checked when they fire).
    pub(crate) fn arm(&mut self, slot: usize) {
        let Some(Some(s)) = self.sessions.get_mut(slot) else {
            return;
        };
        let Some(next) = s.next_deadline() else {
            return;
        };
        if s.armed.is_none_or(|a| next < a) {
            s.armed = Some(next);
            let gen = self.gens[slot];
            self.timers.push(Reverse((next, slot, gen)));
        }
    }

    fn expire(&mut self) {
        let now = Instant::now();
        while let Some(Reverse((at, slot, gen))) = self.timers.peek().copied() {
            if at > now {
                break;
            }
            self.timers.pop();
            if self.gens.get(slot) != Some(&gen) {
                continue;
            }
            let Some(Some(s)) = self.sessions.get_mut(slot) else {
                continue;
            };
            if s.armed == Some(at) {
                s.armed = None;
            }
            match s.next_deadline() {
                Some(d) if d <= now => self.on_timeout(slot, now),
                Some(_) => self.arm(slot),
                None => {}
            }
        }
    }

    pub(crate) fn phase_of(&self, slot: usize) -> Option<Phase> {
        self.sessions.get(slot)?.as_ref().map(|s| s.phase)
    }
}
