//! What a check result does to a server: counting it, the agent's
//! commands, NOLB, health analysis (`observe`), and the state changes with
//! haproxy's messages and the servers that `track` it.

use crate::health::CheckTask;
use crate::plan::OnError;
use crate::report;
use crate::shared::SrvState;
use crate::worker::Worker;
use checks::{AgentCmd, Change, Outcome, Transition, Why};
use std::time::{Duration, Instant};

fn t_is_up(t: &CheckTask) -> bool {
    t.health.is_up()
}

impl Worker {
    /// `observe layer4` reached `error-limit` on live traffic: `on-error`
    /// as haproxy's `__health_adjust` (every mode then runs the next check
    /// after `fastinter`).
    pub(crate) fn on_hana(&mut self, be: usize, srv: usize, errors: u32, sessions: usize) {
        let Some(i) = self
            .checks
            .iter()
            .position(|t| t.be == be && t.srv == srv && !t.spec.is_agent())
        else {
            return;
        };
        let on_error = self
            .shared
            .plan
            .backends
            .get(be)
            .and_then(|b| b.servers.get(srv))
            .and_then(|s| s.observe)
            .map(|o| o.on_error);
        let fail = match on_error {
            Some(OnError::FailCheck) => true,
            Some(OnError::SuddenDeath) => {
                self.checks[i].health.prepare_hana(false);
                true
            }
            Some(OnError::MarkDown) => {
                self.checks[i].health.prepare_hana(true);
                true
            }
            Some(OnError::FastInter) | None => false,
        };
        if fail {
            let o = Outcome {
                status: checks::Status::Hana,
                code: None,
                info: Some(format!(
                    "Detected {errors} consecutive errors, last one was: L4 unsuccessful connection"
                )),
                duration_ms: 0,
            };
            self.hana_sessions = Some(sessions);
            self.apply_result(i, o, None);
            self.hana_sessions = None;
        }
        let t = &mut self.checks[i];
        if let Some(fast) = t.spec.fastinter() {
            let due = Instant::now() + Duration::from_millis(u64::from(fast));
            if t.run.is_none() && t.due > due {
                t.due = due;
                self.schedule_check(i);
            }
        }
    }

    /// Counts a check result and acts on it (a transition, the agent's
    /// commands, NOLB) without touching the schedule.
    pub(crate) fn apply_result(&mut self, i: usize, o: Outcome, reply: Option<checks::AgentReply>) {
        let shared = self.shared.clone();
        let t = &mut self.checks[i];
        let (be, srv) = (t.be, t.srv);
        let agent = t.spec.is_agent();
        let Some(b) = shared.plan.backends.get(be) else {
            return;
        };
        let Some(sp) = b.servers.get(srv) else {
            return;
        };
        let passed = o.status.is_pass();
        let applied = t.health.apply(&o, agent);
        let drain = shared.server_weight(be, srv) == 0;
        let t = &mut self.checks[i];
        if b.log_health_checks && applied.log {
            let text = checks::health_log_msg(
                agent,
                &b.name,
                &sp.name,
                sp.lb.backup,
                &o,
                passed,
                &t.health.status_text(drain),
            );
            report::warning(&text);
        }
        let why = if b.log_health_checks {
            Why::Nothing
        } else {
            Why::Check(&o)
        };
        match applied.transition {
            Transition::Down if agent => self.change_server(be, srv, why, &|s| s.agent_up = false),
            Transition::Down => self.change_server(be, srv, why, &|s| {
                s.check_up = false;
                s.stopping = false;
            }),
            Transition::Up if agent => self.change_server(be, srv, why, &|s| s.agent_up = true),
            Transition::Up => self.change_server(be, srv, why, &|s| s.check_up = true),
            Transition::None => {}
        }
        if !agent && t_is_up(&self.checks[i]) {
            // http-check disable-on-404: L7OKC stops load balancing to the
            // server (NOLB) until a plain pass
            if o.status.is_conditional() {
                self.change_server(be, srv, why, &|s| s.stopping = true);
            } else if passed {
                self.change_server(be, srv, why, &|s| s.stopping = false);
            }
        }
        for cmd in reply.map(|r| r.cmds).unwrap_or_default() {
            match cmd {
                AgentCmd::Weight(p) => {
                    let w = checks::agent_weight(sp.lb.uweight, p);
                    shared.set_server_weight(be, srv, w);
                }
                AgentCmd::MaxConn(n) => report::warning(&format!(
                    "Server {}/{}: agent 'maxconn:{n}' is not supported by portcullis yet; the server keeps its maxconn.",
                    b.name, sp.name
                )),
                AgentCmd::Ready => self.change_server(be, srv, Why::Nothing, &|s| {
                    s.drain = false;
                    s.maint = false;
                }),
                AgentCmd::Drain => self.change_server(be, srv, Why::Nothing, &|s| s.drain = true),
                AgentCmd::Maint => self.change_server(be, srv, Why::Nothing, &|s| s.maint = true),
                // up/down are the agent's health verdict, counted above
                AgentCmd::Up | AgentCmd::Down(_) => {}
            }
        }
    }

    /// xorshift32: the jitter of `spread-checks` needs no better.
    pub(crate) fn next_random(&mut self) -> u32 {
        let mut x = self.rng;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.rng = x;
        x
    }

    /// Applies a server state change for every worker, prints haproxy's
    /// message for what changed (DOWN/UP, maintenance, drain), and makes
    /// the servers tracking this one follow its operational state.
    pub(crate) fn change_server(
        &mut self,
        be: usize,
        srv: usize,
        why: Why,
        change: &dyn Fn(&mut SrvState),
    ) {
        let shared = self.shared.clone();
        let hana_sessions = self.hana_sessions.take();
        let Some((before, after, c)) = shared.update_server(be, srv, |st| change(st)) else {
            return;
        };
        if before == after {
            return;
        }
        let (Some(b), Some(sp)) = (
            shared.plan.backends.get(be),
            shared
                .plan
                .backends
                .get(be)
                .and_then(|b| b.servers.get(srv)),
        ) else {
            return;
        };
        let counts = checks::Counts {
            active: c.active,
            backup: c.backup,
            running_on_backup: c.running_on_backup,
            sessions: hana_sessions.unwrap_or(c.sessions),
            requeued: c.requeued,
            queued: c.queued,
        };
        let (px, name, bk) = (b.name.as_str(), sp.name.as_str(), sp.lb.backup);
        let went_down = before.up() && !after.up();
        let text = if !before.maint && after.maint {
            checks::server_state_msg(Change::EnterMaint, px, name, bk, Why::Nothing, &counts)
        } else if before.maint && !after.maint {
            checks::server_leave_maint_msg(px, name, bk, after.up(), after.drain)
        } else if !before.drain && after.drain {
            checks::server_state_msg(Change::EnterDrain, px, name, bk, Why::Nothing, &counts)
        } else if before.drain && !after.drain {
            checks::server_leave_drain_msg(px, name, bk, after.up())
        } else if !before.stopping && after.stopping && after.up() {
            checks::server_state_msg(Change::Stopping, px, name, bk, why, &counts)
        } else if before.stopping && !after.stopping && after.up() {
            checks::server_state_msg(Change::Up, px, name, bk, why, &counts)
        } else if went_down {
            checks::server_state_msg(Change::Down, px, name, bk, why, &counts)
        } else if !before.up() && after.up() {
            checks::server_state_msg(Change::Up, px, name, bk, why, &counts)
        } else {
            return;
        };
        report::warning(&text);
        if before.usable() && !after.usable() {
            if sp.shutdown_on_down && went_down {
                shared.broadcast(|| crate::shared::Msg::ShutdownServer { be, srv });
            }
            if c.none_left {
                let kind = if b.is_listen { "proxy" } else { "backend" };
                report::alert(&checks::no_server_msg_for(kind, &b.name));
            }
        }
        if before.up() != after.up() {
            let up = after.up();
            for &(tb, ts) in &sp.trackers {
                self.change_server(tb, ts, Why::Via(px, name), &|s| s.check_up = up);
            }
        }
    }
}
