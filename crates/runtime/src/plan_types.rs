//! The runtime tables a plan is made of (plain data; `plan::build` fills
//! them from the IR).

use crate::cond::Cond;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

#[derive(Clone, Debug)]
pub enum ListenAddr {
    Inet(SocketAddr),
    Unix(String),
    Abstract(String),
    /// An inherited file descriptor (`fd@N`).
    Fd(i32),
}

impl std::fmt::Display for ListenAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ListenAddr::Inet(a) => write!(f, "{a}"),
            ListenAddr::Unix(p) => write!(f, "{p}"),
            ListenAddr::Abstract(p) => write!(f, "abns@{p}"),
            ListenAddr::Fd(n) => write!(f, "fd@{n}"),
        }
    }
}

/// One listening socket to open.
#[derive(Clone, Debug)]
pub struct ListenerSpec {
    pub addr: ListenAddr,
    /// `file:line` of the bind line, for haproxy's bind failure message.
    pub loc: String,
    pub backlog: i32,
    /// 0: no per-listener limit.
    pub maxconn: u32,
    pub v6only: Option<bool>,
    pub defer_accept: bool,
    pub unix_mode: Option<u32>,
    pub unix_uid: Option<u32>,
    pub unix_gid: Option<u32>,
}

#[derive(Clone, Debug)]
pub struct TcpRule {
    pub accept: bool,
    pub cond: Option<Cond>,
}

#[derive(Clone, Debug)]
pub struct Frontend {
    pub name: String,
    pub listeners: Vec<ListenerSpec>,
    pub maxconn: u32,
    pub tcp_rules: Vec<TcpRule>,
    /// `use_backend` rules in order: condition (None: always) and backend.
    pub switching: Vec<(Option<Cond>, usize)>,
    pub default_backend: Option<usize>,
    pub timeout_client: Option<Duration>,
    pub timeout_client_fin: Option<Duration>,
    pub tcpka: bool,
    pub splice: Splice,
}

/// `option splice-request|response|auto`: which directions use splice().
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Splice {
    pub request: bool,
    pub response: bool,
    pub auto: bool,
}

/// `on-error`: what reaching `error-limit` consecutive errors does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnError {
    FastInter,
    FailCheck,
    SuddenDeath,
    MarkDown,
}

/// `observe layer4` with its `error-limit` (default 10) and `on-error`
/// (default `fastinter`).
#[derive(Clone, Copy, Debug)]
pub struct Observe {
    pub limit: u32,
    pub on_error: OnError,
}

/// Where a server connection goes.
#[derive(Clone, Debug)]
pub enum SrvAddr {
    Inet(SocketAddr),
    /// No port: the client's destination port, plus an offset (`+N`/`-N`).
    InetDstPort(IpAddr, i32),
    /// `0.0.0.0` / `*`: the client's original destination.
    Transparent,
    Unix(String),
    /// `-dr` and no address: the server stays in maintenance.
    None,
}

#[derive(Clone, Debug)]
pub struct ServerPlan {
    pub name: String,
    pub addr: SrvAddr,
    pub disabled: bool,
    pub lb: lb::ServerSpec,
    /// The health check (`check`), compiled.
    pub check: Option<std::sync::Arc<checks::CheckSpec>>,
    /// The agent check (`agent-check`), compiled.
    pub agent: Option<std::sync::Arc<checks::CheckSpec>>,
    /// `on-marked-down shutdown-sessions`.
    pub shutdown_on_down: bool,
    /// The servers (backend, server) whose `track` names this one: they
    /// follow its state.
    pub trackers: Vec<(usize, usize)>,
    /// Health analysis of live traffic (`observe layer4`).
    pub observe: Option<Observe>,
}

#[derive(Clone, Debug)]
pub struct Backend {
    pub name: String,
    pub algo: lb::Algo,
    pub allbackups: bool,
    pub servers: Vec<ServerPlan>,
    pub timeout_connect: Option<Duration>,
    pub timeout_server: Option<Duration>,
    pub timeout_server_fin: Option<Duration>,
    pub timeout_queue: Option<Duration>,
    pub timeout_tunnel: Option<Duration>,
    pub retries: u32,
    /// `option redispatch [interval]`.
    pub redispatch: Option<i64>,
    pub tcpka: bool,
    pub splice: Splice,
    /// `option log-health-checks`.
    pub log_health_checks: bool,
    /// A `listen` section (haproxy says "proxy 'x'" in its messages).
    pub is_listen: bool,
}

/// One line of the soft-stop report: a proxy and its two sides.
#[derive(Clone, Debug)]
pub struct ProxyRef {
    pub name: String,
    pub frontend: Option<usize>,
    pub backend: Option<usize>,
}

#[derive(Clone, Debug)]
pub struct Plan {
    pub nbthread: Option<usize>,
    /// Global `maxconn` (None: derived from the fd limit at start).
    pub maxconn: Option<u32>,
    pub bufsize: usize,
    pub daemon: bool,
    pub pidfile: Option<String>,
    pub hard_stop_after: Option<Duration>,
    pub grace: Option<Duration>,
    pub ulimit_n: Option<u64>,
    pub reuseport: bool,
    pub splice_allowed: bool,
    /// `spread-checks`: ± this percentage of jitter on check intervals.
    pub spread_checks: u32,
    /// `max-spread-checks` (ms): caps the start-up spreading of checks.
    pub max_spread_checks: Option<u32>,
    /// `node` (the host name by default).
    pub node: String,
    pub frontends: Vec<Frontend>,
    pub backends: Vec<Backend>,
    pub proxies: Vec<ProxyRef>,
}
