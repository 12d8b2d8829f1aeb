//! State shared by every worker: connection limits, per-proxy counters and
//! each backend's balancer with its queues (haproxy's `lbprm` lock and
//! `pendconn` queues).
//!
//! Invariant: a backend's `Balancer` and its queues only change under its
//! mutex, and every server slot taken (`Balancer::take`) is released exactly
//! once, by the worker owning the session, or handed to the next pending
//! session by [`Shared::release`].

use crate::plan::Plan;
use lb::{Algo, Balancer, Pick};
use std::collections::VecDeque;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, MutexGuard};

/// Names a session across workers: its worker, slot and generation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionId {
    pub worker: usize,
    pub slot: usize,
    pub gen: u32,
}

/// A message to a worker.
#[derive(Debug)]
pub enum Msg {
    /// A queued session got a slot on this server.
    Assigned {
        id: SessionId,
        be: usize,
        srv: usize,
    },
    /// Listeners may accept again (a connection limit freed up).
    ResumeAccept,
    /// Stop accepting; exit once every session has ended.
    SoftStop,
    /// Close everything now and exit.
    HardStop,
    /// SIGTTOU / SIGTTIN: stop or resume accepting.
    Pause,
    Resume,
    /// A queued session must go through load balancing again (its
    /// server went down: haproxy's `pendconn_redistribute`).
    Requeue {
        id: SessionId,
    },
    /// Close every session on this server (`on-marked-down
    /// shutdown-sessions`).
    ShutdownServer {
        be: usize,
        srv: usize,
    },
    /// Live traffic hit the server's `error-limit` (`observe layer4`): the
    /// worker owning its check applies `on-error`.
    Hana {
        be: usize,
        srv: usize,
        errors: u32,
        /// The server's sessions when the limit was reached (haproxy
        /// reports them at that moment, synchronously).
        sessions: usize,
    },
}

/// A server's state as the health check, the agent and the
/// administrative commands set it; the balancer uses the server while
/// [`SrvState::usable`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SrvState {
    /// The health check says UP (always true without a check).
    pub check_up: bool,
    /// The agent says up (always true without an agent).
    pub agent_up: bool,
    /// Forced maintenance (`disabled`, agent `maint`).
    pub maint: bool,
    /// Forced drain (agent `drain`).
    pub drain: bool,
    /// NOLB: the check passed conditionally (`http-check disable-on-404`):
    /// no new load-balanced sessions, the current ones go on.
    pub stopping: bool,
}

impl SrvState {
    /// Operationally up (the word in haproxy's messages).
    pub fn up(&self) -> bool {
        self.check_up && self.agent_up
    }
    pub fn usable(&self) -> bool {
        self.up() && !self.maint && !self.drain && !self.stopping
    }
}

/// The numbers a server state-change message reports (§5.7).
#[derive(Clone, Copy, Debug, Default)]
pub struct StateCounts {
    pub active: usize,
    pub backup: usize,
    pub running_on_backup: bool,
    /// Sessions still on the server.
    pub sessions: usize,
    /// Pending sessions moved (redistributed on DOWN, grabbed on UP).
    pub requeued: usize,
    /// DOWN: still in the server's queue; UP: total in the backend queue.
    pub queued: usize,
    /// No usable server is left in the backend.
    pub none_left: bool,
}

/// A worker's mailbox.
pub struct Mailbox {
    pub tx: Sender<Msg>,
    pub waker: Arc<mio::Waker>,
}

impl Mailbox {
    pub fn send(&self, m: Msg) {
        if self.tx.send(m).is_ok() {
            let _ = self.waker.wake();
        }
    }
}

#[derive(Debug)]
struct Pending {
    id: SessionId,
    seq: u64,
}

struct BeState {
    lb: Balancer,
    srv: Vec<SrvState>,
    srv_queues: Vec<VecDeque<Pending>>,
    be_queue: VecDeque<Pending>,
    seq: u64,
}

/// What [`Shared::assign`] decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assign {
    /// A slot on this server is taken for the session.
    Server(usize),
    /// The session waits in a queue; a [`Msg::Assigned`] will come.
    Queued,
    /// No usable server.
    NoServer,
    /// The server's queue is at `maxqueue`.
    QueueFull,
}

pub struct BackendRt {
    state: Mutex<BeState>,
    /// Cumulated sessions (the soft-stop line's `BE:`).
    pub cum_conns: AtomicU64,
    /// Whether new sessions must queue behind existing ones (§4.11).
    fifo_algo: bool,
}

pub struct FrontendRt {
    pub cur_conns: AtomicU32,
    pub cum_conns: AtomicU64,
}

pub struct Shared {
    pub plan: Plan,
    pub maxconn: u32,
    pub cur_conns: AtomicU32,
    pub frontends: Vec<FrontendRt>,
    pub backends: Vec<BackendRt>,
    /// Per listener (in worker listener order) current connections.
    pub listener_conns: Vec<AtomicU32>,
    /// Some worker stopped accepting because of a limit.
    pub accept_blocked: AtomicBool,
    /// Consecutive layer-4 errors per server (`observe layer4`).
    srv_errors: Vec<Vec<AtomicU32>>,
    /// The worker that runs each (backend, server)'s health check.
    pub check_owner: std::collections::HashMap<(usize, usize), usize>,
    pub mailboxes: Mutex<Vec<Mailbox>>,
}

impl Shared {
    pub fn new(plan: Plan, maxconn: u32, listeners: usize) -> Shared {
        let backends = plan
            .backends
            .iter()
            .map(|b| {
                let specs: Vec<lb::ServerSpec> = b.servers.iter().map(|s| s.lb).collect();
                let mut lb = Balancer::new(b.algo, &specs, b.allbackups);
                for (i, s) in b.servers.iter().enumerate() {
                    if s.disabled {
                        lb.set_usable(i, false);
                    }
                }
                let srv = b
                    .servers
                    .iter()
                    .map(|s| SrvState {
                        check_up: true,
                        agent_up: true,
                        maint: s.disabled,
                        drain: false,
                        stopping: false,
                    })
                    .collect();
                BackendRt {
                    state: Mutex::new(BeState {
                        lb,
                        srv,
                        srv_queues: b.servers.iter().map(|_| VecDeque::new()).collect(),
                        be_queue: VecDeque::new(),
                        seq: 0,
                    }),
                    cum_conns: AtomicU64::new(0),
                    fifo_algo: matches!(b.algo, Algo::RoundRobin | Algo::StaticRr | Algo::First),
                }
            })
            .collect();
        let frontends = plan
            .frontends
            .iter()
            .map(|_| FrontendRt {
                cur_conns: AtomicU32::new(0),
                cum_conns: AtomicU64::new(0),
            })
            .collect();
        let srv_errors = plan
            .backends
            .iter()
            .map(|b| b.servers.iter().map(|_| AtomicU32::new(0)).collect())
            .collect();
        Shared {
            plan,
            maxconn,
            cur_conns: AtomicU32::new(0),
            frontends,
            backends,
            listener_conns: (0..listeners).map(|_| AtomicU32::new(0)).collect(),
            accept_blocked: AtomicBool::new(false),
            srv_errors,
            check_owner: std::collections::HashMap::new(),
            mailboxes: Mutex::new(Vec::new()),
        }
    }

    fn be(&self, be: usize) -> Option<MutexGuard<'_, BeState>> {
        let rt = self.backends.get(be)?;
        Some(rt.state.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// haproxy's `assign_server_and_queue()` for a session without a
    /// server: pick one (avoiding `avoid` when possible) and take a slot,
    /// or queue the session.
    pub fn assign(
        &self,
        be: usize,
        src: Option<IpAddr>,
        avoid: Option<usize>,
        id: SessionId,
    ) -> Assign {
        let Some(rt) = self.backends.get(be) else {
            return Assign::NoServer;
        };
        let Some(mut st) = self.be(be) else {
            return Assign::NoServer;
        };
        let st = &mut *st;
        if rt.fifo_algo && !st.be_queue.is_empty() && st.lb.tot_weight() > 0 {
            push(&mut st.be_queue, &mut st.seq, id);
            return Assign::Queued;
        }
        match st.lb.pick(src, avoid) {
            Pick::NoServer => Assign::NoServer,
            Pick::Full => {
                push(&mut st.be_queue, &mut st.seq, id);
                Assign::Queued
            }
            Pick::Server(s) if st.lb.is_full(s) => {
                // a hash chose a saturated server: its own queue
                let maxqueue = self.plan.backends[be].servers[s].lb.maxqueue as usize;
                let q = &mut st.srv_queues[s];
                if maxqueue > 0 && q.len() >= maxqueue {
                    return Assign::QueueFull;
                }
                push(q, &mut st.seq, id);
                let n = q.len() as u32;
                st.lb.set_queued(s, n);
                Assign::Queued
            }
            Pick::Server(s) => {
                st.lb.take(s);
                Assign::Server(s)
            }
        }
    }

    /// A session gives its slot on `srv` back; the oldest pending session
    /// that this server can serve gets it (`process_srv_queue()`).
    pub fn release(&self, be: usize, srv: usize) {
        let mut handoff = Vec::new();
        if let Some(mut st) = self.be(be) {
            let st = &mut *st;
            st.lb.release(srv);
            handoff = self.dequeue_for(st, be, srv);
        }
        for id in handoff {
            self.send(id.worker, Msg::Assigned { id, be, srv });
        }
    }

    /// While `srv` has room, takes the oldest of its own queue and (when
    /// the balancer may use it) the backend queue, and gives it a slot.
    fn dequeue_for(&self, st: &mut BeState, be: usize, srv: usize) -> Vec<SessionId> {
        let mut handoff = Vec::new();
        let maxconn = self
            .plan
            .backends
            .get(be)
            .and_then(|b| b.servers.get(srv))
            .map_or(0, |s| s.lb.maxconn);
        while maxconn == 0 || st.lb.served(srv) < maxconn {
            let from_srv = st.srv_queues[srv].front().map(|p| p.seq);
            let from_be = if st.lb.is_usable(srv) {
                st.be_queue.front().map(|p| p.seq)
            } else {
                None
            };
            let p = match (from_srv, from_be) {
                (Some(a), Some(b)) if b < a => st.be_queue.pop_front(),
                (Some(_), _) => st.srv_queues[srv].pop_front(),
                (None, Some(_)) => st.be_queue.pop_front(),
                (None, None) => None,
            };
            let Some(p) = p else { break };
            let n = st.srv_queues[srv].len() as u32;
            st.lb.set_queued(srv, n);
            st.lb.take(srv);
            handoff.push(p.id);
        }
        handoff
    }

    /// Removes a session from whichever queue holds it (queue timeout or
    /// client gone). Returns false when it was not queued any more (a slot
    /// was handed to it meanwhile: the Assigned message is on its way).
    pub fn dequeue(&self, be: usize, id: SessionId) -> bool {
        let Some(mut st) = self.be(be) else {
            return false;
        };
        let st = &mut *st;
        if let Some(pos) = st.be_queue.iter().position(|p| p.id == id) {
            st.be_queue.remove(pos);
            return true;
        }
        for s in 0..st.srv_queues.len() {
            if let Some(pos) = st.srv_queues[s].iter().position(|p| p.id == id) {
                st.srv_queues[s].remove(pos);
                let n = st.srv_queues[s].len() as u32;
                st.lb.set_queued(s, n);
                return true;
            }
        }
        false
    }

    /// Changes a server's state (health check, agent, admin): when that
    /// changes whether the balancer may use it, a server leaving is taken
    /// out and its queue redistributed, a server coming back takes
    /// sessions from the backend queue (haproxy's `srv_update_status`).
    /// Returns the state before and after, and the message counts.
    pub fn update_server(
        &self,
        be: usize,
        srv: usize,
        change: impl FnOnce(&mut SrvState),
    ) -> Option<(SrvState, SrvState, StateCounts)> {
        let mut requeue = Vec::new();
        let mut handoff = Vec::new();
        let mut c = StateCounts::default();
        let redispatch = self
            .plan
            .backends
            .get(be)
            .is_some_and(|b| b.redispatch.is_some());
        let (before, after) = {
            let mut st = self.be(be)?;
            let st = &mut *st;
            let state = st.srv.get_mut(srv)?;
            let before = *state;
            change(state);
            let after = *state;
            if before.usable() != after.usable() {
                st.lb.set_usable(srv, after.usable());
                if after.usable() {
                    // haproxy's pendconn_grab_from_px
                    handoff = self.dequeue_for(st, be, srv);
                    c.requeued = handoff.len();
                } else if redispatch {
                    // haproxy's pendconn_redistribute: only with option
                    // redispatch; otherwise they wait for the server
                    if let Some(q) = st.srv_queues.get_mut(srv) {
                        requeue.extend(q.drain(..).map(|p| p.id));
                        st.lb.set_queued(srv, 0);
                        c.requeued = requeue.len();
                    }
                }
            }
            c.queued = if after.usable() {
                st.be_queue.len()
            } else {
                st.srv_queues.get(srv).map_or(0, |q| q.len())
            };
            c.active = st.lb.usable_active();
            c.backup = st.lb.usable_backup();
            c.running_on_backup = st.lb.using_backup();
            c.sessions = st.lb.served(srv) as usize;
            c.none_left = c.active == 0 && c.backup == 0;
            (before, after)
        };
        for id in handoff {
            self.send(id.worker, Msg::Assigned { id, be, srv });
        }
        for id in requeue {
            self.send(id.worker, Msg::Requeue { id });
        }
        Some((before, after, c))
    }

    /// A connection attempt's result for `observe layer4` (haproxy's
    /// `health_adjust` with L4 OK / L4 error): a success clears the count,
    /// an error that reaches `error-limit` tells the check's owner.
    pub fn observe_l4(&self, be: usize, srv: usize, ok: bool) {
        let Some(obs) = self
            .plan
            .backends
            .get(be)
            .and_then(|b| b.servers.get(srv))
            .and_then(|s| s.observe)
        else {
            return;
        };
        let Some(c) = self.srv_errors.get(be).and_then(|v| v.get(srv)) else {
            return;
        };
        if ok {
            c.store(0, Ordering::Relaxed);
            return;
        }
        let n = c.fetch_add(1, Ordering::AcqRel) + 1;
        if n < obs.limit {
            return;
        }
        c.store(0, Ordering::Relaxed);
        let sessions = self.be(be).map_or(0, |st| st.lb.served(srv) as usize);
        if let Some(w) = self.check_owner.get(&(be, srv)) {
            self.send(
                *w,
                Msg::Hana {
                    be,
                    srv,
                    errors: n,
                    sessions,
                },
            );
        }
    }

    /// What `http-check send-state` reports: the server's and the
    /// backend's weights as stats show them, their sessions, the server's
    /// queue and whether it is stopping (NOLB).
    pub fn state_numbers(&self, be: usize, srv: usize) -> (u32, u32, usize, usize, usize, bool) {
        let Some(st) = self.be(be) else {
            return (0, 0, 0, 0, 0, false);
        };
        let backend_sessions = (0..st.srv.len()).map(|i| st.lb.served(i) as usize).sum();
        (
            st.lb.stats_weight(srv),
            st.lb.backend_stats_weight(),
            st.lb.served(srv) as usize,
            backend_sessions,
            st.srv_queues.get(srv).map_or(0, |q| q.len()),
            st.srv.get(srv).is_some_and(|s| s.stopping),
        )
    }

    /// The balancer's current user weight of a server.
    pub fn server_weight(&self, be: usize, srv: usize) -> u32 {
        self.be(be).map_or(0, |st| st.lb.uweight(srv))
    }

    /// A runtime weight (agent `N%`): the balancer's user weight.
    pub fn set_server_weight(&self, be: usize, srv: usize, uweight: u32) {
        if let Some(mut st) = self.be(be) {
            st.lb.set_weight(srv, uweight);
        }
    }

    pub fn send(&self, worker: usize, m: Msg) {
        let boxes = self.mailboxes.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(b) = boxes.get(worker) {
            b.send(m);
        }
    }

    pub fn broadcast(&self, mut make: impl FnMut() -> Msg) {
        let boxes = self.mailboxes.lock().unwrap_or_else(|p| p.into_inner());
        for b in boxes.iter() {
            b.send(make());
        }
    }

    /// A connection ended: free its share of the global, frontend and
    /// listener limits, and wake the workers if one stopped accepting.
    pub fn conn_closed(&self, fe: usize, listener: usize) {
        self.cur_conns.fetch_sub(1, Ordering::AcqRel);
        if let Some(f) = self.frontends.get(fe) {
            f.cur_conns.fetch_sub(1, Ordering::AcqRel);
        }
        if let Some(l) = self.listener_conns.get(listener) {
            l.fetch_sub(1, Ordering::AcqRel);
        }
        if self.accept_blocked.swap(false, Ordering::AcqRel) {
            self.broadcast(|| Msg::ResumeAccept);
        }
    }

    /// Counts a new connection against the limits; false (and nothing
    /// counted) when one of them is reached.
    pub fn conn_admit(&self, fe: usize, listener: usize, fe_max: u32, l_max: u32) -> bool {
        let over = |c: &AtomicU32, max: u32| {
            let n = c.fetch_add(1, Ordering::AcqRel);
            if max > 0 && n >= max {
                c.fetch_sub(1, Ordering::AcqRel);
                true
            } else {
                false
            }
        };
        if over(&self.cur_conns, self.maxconn) {
            return false;
        }
        let Some(f) = self.frontends.get(fe) else {
            self.cur_conns.fetch_sub(1, Ordering::AcqRel);
            return false;
        };
        if over(&f.cur_conns, fe_max) {
            self.cur_conns.fetch_sub(1, Ordering::AcqRel);
            return false;
        }
        if let Some(l) = self.listener_conns.get(listener) {
            if over(l, l_max) {
                f.cur_conns.fetch_sub(1, Ordering::AcqRel);
                self.cur_conns.fetch_sub(1, Ordering::AcqRel);
                return false;
            }
        }
        true
    }

    /// Undoes [`Shared::conn_admit`] when the accept itself failed.
    pub fn conn_closed_quiet(&self, fe: usize, listener: usize) {
        self.cur_conns.fetch_sub(1, Ordering::AcqRel);
        if let Some(f) = self.frontends.get(fe) {
            f.cur_conns.fetch_sub(1, Ordering::AcqRel);
        }
        if let Some(l) = self.listener_conns.get(listener) {
            l.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

fn push(q: &mut VecDeque<Pending>, seq: &mut u64, id: SessionId) {
    *seq += 1;
    q.push_back(Pending { id, seq: *seq });
}
