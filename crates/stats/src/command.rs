//! The typed commands, their parsing from the CLI's words with haproxy's argument checks and
//! error texts, the level each requires, and `plan`, which answers the read-only ones from a
//! snapshot and turns the others into an `Action` for the runtime to apply.

use crate::info::{show_info, InfoFormat};
use crate::level::Level;
use crate::outputs;
use crate::snapshot::{FrontendState, ProxySnapshot, ServerSnapshot, StatsSnapshot};
use crate::stat::{show_stat, ProxyRef, StatFilter, StatFormat, StatOptions};

/// `<backend>/<server>` as written on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerName {
    pub backend: String,
    pub server: String,
}

/// `set server ... state`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerAdmin {
    Ready,
    Drain,
    Maint,
}

/// A command the session hands to the runtime (the session-level ones, `prompt`, `quit`,
/// `help`, `set timeout cli`, `operator`, `user`, `show cli level`, are answered inside
/// [`crate::Session`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    ShowInfo(InfoFormat),
    ShowStat {
        filter: StatFilter,
        format: StatFormat,
    },
    ShowServersState(Option<String>),
    ShowBackend,
    ShowSess,
    ShowEnv(Option<String>),
    GetWeight(ServerName),
    /// `set weight` and `set server ... weight`; the value is checked against the server.
    SetWeight(ServerName, String),
    SetState(ServerName, ServerAdmin),
    /// `set server <srv>` with a subcommand portcullis does not run, or none: answered with the
    /// given text once the server is found.
    SetServerOther(ServerName, &'static str),
    EnableHealth(ServerName, bool),
    EnableAgent(ServerName, bool),
    SetMaxconnServer(ServerName, Option<String>),
    SetMaxconnFrontend(Option<String>, Option<String>),
    ShutdownSessions(ServerName),
    EnableFrontend(Option<String>, bool),
    ClearCounters {
        all: bool,
    },
}

/// What the session does with one command line's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Parsed {
    Run(Command, Level),
    Prompt,
    Quit,
    SetTimeout(Result<u64, &'static str>),
    Lower(Level),
    CliLevel,
    Help,
    Unknown,
}

/// What `plan` decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The answer, without the CLI's final empty line (`""` for commands with no output).
    Text(String),
    /// A state change for the runtime to apply; its answer is empty.
    Apply(Action),
}

/// A runtime state change, with the proxy and server ids resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    SetWeight {
        iid: u32,
        sid: u32,
        weight: u32,
    },
    SetState {
        iid: u32,
        sid: u32,
        state: ServerAdmin,
    },
    EnableHealth {
        iid: u32,
        sid: u32,
        enable: bool,
    },
    EnableAgent {
        iid: u32,
        sid: u32,
        enable: bool,
    },
    SetMaxconnServer {
        iid: u32,
        sid: u32,
        maxconn: u32,
    },
    SetMaxconnFrontend {
        iid: u32,
        maxconn: u32,
    },
    ShutdownSessions {
        iid: u32,
        sid: u32,
    },
    EnableFrontend {
        iid: u32,
        enable: bool,
    },
    ClearCounters {
        all: bool,
    },
}

fn server_name(arg: Option<&String>) -> Option<ServerName> {
    let (b, s) = arg?.split_once('/')?;
    Some(ServerName {
        backend: b.to_owned(),
        server: s.to_owned(),
    })
}

const REQUIRE_SRV: &str = "Require 'backend/server'.\n";

pub(crate) fn parse(args: &[String]) -> Parsed {
    let w: Vec<&str> = args.iter().map(String::as_str).collect();
    let arg = |i: usize| args.get(i);
    let with_srv =
        |i: usize, level: Level, f: &dyn Fn(ServerName) -> Command| match server_name(arg(i)) {
            Some(s) => Parsed::Run(f(s), level),
            None => Parsed::Run(
                Command::SetServerOther(
                    ServerName {
                        backend: String::new(),
                        server: String::new(),
                    },
                    REQUIRE_SRV,
                ),
                level,
            ),
        };
    use Level::*;
    match w.as_slice() {
        ["prompt", ..] => Parsed::Prompt,
        ["quit", ..] => Parsed::Quit,
        ["help", ..] => Parsed::Help,
        ["operator", ..] => Parsed::Lower(Operator),
        ["user", ..] => Parsed::Lower(User),
        ["show", "cli", "level", ..] => Parsed::CliLevel,
        ["set", "timeout", rest @ ..] => Parsed::SetTimeout(match rest {
            ["cli", v, ..] => parse_time(v).ok_or("Invalid timeout value.\n"),
            ["cli"] => Err("Expects an integer value.\n"),
            _ => Err("'set timeout' only supports 'cli'.\n"),
        }),
        ["show", "info", rest @ ..] => {
            let f = if rest.contains(&"json") {
                InfoFormat::Json
            } else if rest.contains(&"typed") {
                InfoFormat::Typed
            } else {
                InfoFormat::Plain
            };
            Parsed::Run(Command::ShowInfo(f), User)
        }
        ["show", "stat", rest @ ..] => Parsed::Run(parse_show_stat(rest), User),
        ["show", "servers", "state", rest @ ..] => Parsed::Run(
            Command::ShowServersState(rest.first().map(|s| (*s).to_owned())),
            User,
        ),
        ["show", "backend", ..] => Parsed::Run(Command::ShowBackend, User),
        ["show", "sess", ..] => Parsed::Run(Command::ShowSess, Operator),
        ["show", "env", rest @ ..] => Parsed::Run(
            Command::ShowEnv(rest.first().map(|s| (*s).to_owned())),
            Operator,
        ),
        ["get", "weight", ..] => with_srv(2, User, &Command::GetWeight),
        ["set", "weight", ..] => match arg(3) {
            Some(v) => with_srv(2, Admin, &|s| Command::SetWeight(s, v.clone())),
            None => with_srv(2, Admin, &|s| {
                Command::SetServerOther(s, "Require <weight> or <weight%>.\n")
            }),
        },
        ["set", "server", ..] => {
            let sub = arg(3).map(String::as_str);
            let val = arg(4);
            with_srv(2, Admin, &|s| match (sub, val) {
                (Some("weight"), Some(v)) => Command::SetWeight(s, v.clone()),
                (Some("weight"), None) => {
                    Command::SetServerOther(s, "Require <weight> or <weight%>.\n")
                }
                (Some("state"), Some(v)) if v == "ready" => {
                    Command::SetState(s, ServerAdmin::Ready)
                }
                (Some("state"), Some(v)) if v == "drain" => {
                    Command::SetState(s, ServerAdmin::Drain)
                }
                (Some("state"), Some(v)) if v == "maint" => {
                    Command::SetState(s, ServerAdmin::Maint)
                }
                (Some("state"), _) => Command::SetServerOther(
                    s,
                    "'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n",
                ),
                _ => Command::SetServerOther(s, SET_SERVER_USAGE),
            })
        }
        [verb @ ("enable" | "disable"), what @ ("server" | "health" | "agent"), ..] => {
            let on = *verb == "enable";
            let what = *what;
            with_srv(2, Admin, &|s| match what {
                "server" => Command::SetState(
                    s,
                    if on {
                        ServerAdmin::Ready
                    } else {
                        ServerAdmin::Maint
                    },
                ),
                "health" => Command::EnableHealth(s, on),
                _ => Command::EnableAgent(s, on),
            })
        }
        [verb @ ("enable" | "disable"), "frontend", ..] => Parsed::Run(
            Command::EnableFrontend(arg(2).cloned(), *verb == "enable"),
            Admin,
        ),
        ["set", "maxconn", "server", ..] => {
            let v = arg(4).cloned();
            with_srv(3, Admin, &|s| Command::SetMaxconnServer(s, v.clone()))
        }
        ["set", "maxconn", "frontend", ..] => Parsed::Run(
            Command::SetMaxconnFrontend(arg(3).cloned(), arg(4).cloned()),
            Admin,
        ),
        ["shutdown", "sessions", "server", ..] => with_srv(3, Admin, &Command::ShutdownSessions),
        ["clear", "counters", rest @ ..] => {
            let all = rest.first() == Some(&"all");
            Parsed::Run(
                Command::ClearCounters { all },
                if all { Admin } else { Operator },
            )
        }
        _ => Parsed::Unknown,
    }
}

const SET_SERVER_USAGE: &str = "usage: set server <backend>/<server> addr | agent | agent-addr | agent-port | agent-send | check-addr | check-port | fqdn | health | ssl | state | weight\n";

fn parse_show_stat(rest: &[&str]) -> Command {
    let mut filter = StatFilter::default();
    if let [px, ty, sid, ..] = rest {
        if !px.is_empty() && !ty.is_empty() && !sid.is_empty() {
            filter.proxy = match px.parse::<i64>() {
                Ok(-1) => None,
                Ok(n) => Some(ProxyRef::Id(u32::try_from(n).unwrap_or(u32::MAX))),
                Err(_) => Some(ProxyRef::Name((*px).to_owned())),
            };
            filter.types = match atoi(ty) {
                -1 => 7,
                n => u32::try_from(n).unwrap_or(0),
            };
            filter.sid = match atoi(sid) {
                -1 => None,
                n => Some(u32::try_from(n).unwrap_or(u32::MAX)),
            };
        }
    }
    filter.up = rest.contains(&"up");
    filter.no_maint = rest.contains(&"no-maint");
    let format = if rest.contains(&"json") {
        StatFormat::Json
    } else if rest.contains(&"typed") {
        StatFormat::Typed
    } else {
        StatFormat::Csv
    };
    Command::ShowStat { filter, format }
}

/// C's `atoi`: leading blanks, a sign, digits; 0 when there are none.
fn atoi(s: &str) -> i64 {
    let s = s.trim_start();
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let n = digits
        .bytes()
        .take_while(u8::is_ascii_digit)
        .fold(0i64, |n, d| {
            n.saturating_mul(10).saturating_add(i64::from(d - b'0'))
        });
    if neg {
        -n
    } else {
        n
    }
}

/// haproxy's `parse_time_err` with seconds as the default unit; milliseconds out.
fn parse_time(s: &str) -> Option<u64> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let n: u64 = s[..digits].parse().ok()?;
    let mult = match &s[digits..] {
        "" | "s" => 1000,
        "us" => return Some(n / 1000),
        "ms" => 1,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return None,
    };
    n.checked_mul(mult)
}

impl StatsSnapshot {
    /// Finds `<backend>/<server>` the way the CLI does: the backend first.
    pub fn find_server(
        &self,
        n: &ServerName,
    ) -> Result<(&ProxySnapshot, &ServerSnapshot), &'static str> {
        let px = self
            .proxies
            .iter()
            .find(|p| p.backend.is_some() && p.name == n.backend)
            .ok_or("No such backend.\n")?;
        let sv = px
            .servers
            .iter()
            .find(|s| s.name == n.server)
            .ok_or("No such server.\n")?;
        Ok((px, sv))
    }

    fn find_frontend(&self, name: Option<&String>) -> Result<&ProxySnapshot, &'static str> {
        let name = name.ok_or("A frontend name is expected.\n")?;
        self.proxies
            .iter()
            .find(|p| p.frontend.is_some() && p.name == *name)
            .ok_or("No such frontend.\n")
    }
}

/// Everything besides the snapshot that some answers need.
#[derive(Clone, Debug, Default)]
pub struct Context<'a> {
    pub level: Level,
    /// The process environment, in order, for `show env`.
    pub env: &'a [(String, String)],
    /// The current sessions, for `show sess`.
    pub sessions: &'a [outputs::SessionSummary],
}

/// Answers a read-only command or resolves a state change (the level was checked by the session).
pub fn plan(
    cmd: &Command,
    snap: &StatsSnapshot,
    info: &crate::InfoSnapshot,
    cx: &Context<'_>,
) -> Outcome {
    match plan_inner(cmd, snap, info, cx) {
        Ok(o) => o,
        Err(text) => Outcome::Text(text),
    }
}

fn plan_inner(
    cmd: &Command,
    snap: &StatsSnapshot,
    info: &crate::InfoSnapshot,
    cx: &Context<'_>,
) -> Result<Outcome, String> {
    let text = |s: String| Ok(Outcome::Text(s));
    let apply = |a: Action| Ok(Outcome::Apply(a));
    match cmd {
        Command::ShowInfo(f) => text(show_info(info, *f)),
        Command::ShowStat { filter, format } => {
            let opts = StatOptions {
                legends: cx.level > Level::User,
            };
            text(show_stat(snap, filter, *format, opts)?)
        }
        Command::ShowServersState(be) => text(outputs::show_servers_state(snap, be.as_deref())?),
        Command::ShowBackend => text(outputs::show_backend(snap)),
        Command::ShowSess => text(outputs::show_sess(cx.sessions)),
        Command::ShowEnv(name) => text(outputs::show_env(cx.env, name.as_deref())?),
        Command::SetServerOther(n, msg) => {
            if *msg != REQUIRE_SRV {
                snap.find_server(n)?;
            }
            text((*msg).to_owned())
        }
        Command::GetWeight(n) => text(outputs::get_weight(snap.find_server(n)?.1)),
        Command::SetWeight(n, v) => {
            let (px, sv) = snap.find_server(n)?;
            let dynamic = px.backend.as_ref().is_some_and(|b| b.dynamic_weights);
            let weight = weight_change(sv, dynamic, v)?;
            apply(Action::SetWeight {
                iid: px.iid,
                sid: sv.sid,
                weight,
            })
        }
        Command::SetState(n, state) => {
            let (px, sv) = snap.find_server(n)?;
            apply(Action::SetState {
                iid: px.iid,
                sid: sv.sid,
                state: *state,
            })
        }
        Command::EnableHealth(n, enable) => {
            let (px, sv) = snap.find_server(n)?;
            apply(Action::EnableHealth {
                iid: px.iid,
                sid: sv.sid,
                enable: *enable,
            })
        }
        Command::EnableAgent(n, enable) => {
            let (px, sv) = snap.find_server(n)?;
            if *enable && sv.agent.is_none() {
                return Err("Agent was not configured on this server, cannot enable.\n".into());
            }
            apply(Action::EnableAgent {
                iid: px.iid,
                sid: sv.sid,
                enable: *enable,
            })
        }
        Command::SetMaxconnServer(n, v) => {
            let (px, sv) = snap.find_server(n)?;
            let v = v.as_deref().ok_or("Require <maxconn>.\n")?;
            let maxconn = v
                .parse::<u32>()
                .map_err(|_| "maxconn string empty or preceded by garbage".to_owned())?;
            apply(Action::SetMaxconnServer {
                iid: px.iid,
                sid: sv.sid,
                maxconn,
            })
        }
        Command::SetMaxconnFrontend(fe, v) => {
            let px = snap.find_frontend(fe.as_ref())?;
            let v = v.as_deref().ok_or("Integer value expected.\n")?;
            let maxconn = u32::try_from(atoi(v)).map_err(|_| "Value out of range.\n".to_owned())?;
            apply(Action::SetMaxconnFrontend {
                iid: px.iid,
                maxconn,
            })
        }
        Command::ShutdownSessions(n) => {
            let (px, sv) = snap.find_server(n)?;
            apply(Action::ShutdownSessions {
                iid: px.iid,
                sid: sv.sid,
            })
        }
        Command::EnableFrontend(fe, enable) => {
            let px = snap.find_frontend(fe.as_ref())?;
            let paused = px
                .frontend
                .as_ref()
                .is_some_and(|f| f.state == FrontendState::Paused);
            match (enable, paused) {
                (false, true) => Err("All sockets are already disabled.\n".into()),
                (true, false) => Err("All sockets are already enabled.\n".into()),
                _ => apply(Action::EnableFrontend {
                    iid: px.iid,
                    enable: *enable,
                }),
            }
        }
        Command::ClearCounters { all } => apply(Action::ClearCounters { all: *all }),
    }
}

/// haproxy's `server_parse_weight_change_request`: the new user weight, or its error text
/// (some of which have no final newline, as in haproxy).
pub fn weight_change(sv: &ServerSnapshot, dynamic: bool, v: &str) -> Result<u32, String> {
    let digits_end = {
        let b = v.as_bytes();
        let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            0
        } else {
            i
        }
    };
    if digits_end == 0 {
        return Err("Empty weight string empty or preceded by garbage".into());
    }
    let w = atoi(&v[..digits_end]);
    let rest = &v[digits_end..];
    let w = if rest == "%" {
        if w < 0 {
            return Err("Relative weight must be positive.\n".into());
        }
        (i64::from(sv.iweight) * w.min(25600) / 100).min(256)
    } else if !(0..=256).contains(&w) {
        return Err("Absolute weight can only be between 0 and 256 inclusive.\n".into());
    } else if !rest.is_empty() {
        return Err("Trailing garbage in weight string".into());
    } else {
        w
    };
    let w = u32::try_from(w).unwrap_or(0);
    if w != 0 && w != sv.iweight && !dynamic {
        return Err(
            "Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.\n"
                .into(),
        );
    }
    Ok(w)
}
