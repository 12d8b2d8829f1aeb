//! The IR turned into runtime tables: frontends with their listeners and
//! switching rules, backends with their servers and balancing. `-c` builds
//! the same plan (without binding), so a check and a start-up can never
//! disagree.

use crate::cond::{self, Cond};
use crate::support;
use model::addr::{AddrSpec, Family, Ports, Target};
use model::ir::proxy::{Balance, Proxy};
use model::Config;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;
use syntax::{Diagnostic, Diagnostics, Span};

/// haproxy's default `tune.bufsize`.
pub const DEFAULT_BUFSIZE: usize = 16384;
/// haproxy's default `retries`.
pub const DEFAULT_RETRIES: u32 = 3;

#[path = "plan_types.rs"]
mod types;
pub use types::*;

/// How server host names become addresses: the system resolver at start,
/// or nothing at all for `-c` (the model already reported failures).
pub type Resolver<'a> = &'a dyn Fn(&str, Family) -> Option<IpAddr>;

/// The system resolver (getaddrinfo through std), first address of the
/// requested family.
pub fn system_resolver(name: &str, family: Family) -> Option<IpAddr> {
    use std::net::ToSocketAddrs;
    (name, 0)
        .to_socket_addrs()
        .ok()?
        .map(|a| a.ip())
        .find(|ip| match family {
            Family::V4 => ip.is_ipv4(),
            Family::V6 => ip.is_ipv6(),
            _ => true,
        })
}

/// For `-c`: server names are not resolved again.
pub fn no_resolver(_: &str, _: Family) -> Option<IpAddr> {
    Some(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

struct Builder<'a> {
    cfg: &'a Config,
    diags: Diagnostics,
    /// Lines that already have a refusal (one per line is enough).
    refused: std::collections::HashSet<Span>,
    resolve: Resolver<'a>,
}

/// Builds the runtime plan; every unsupported setting and every value the
/// runtime cannot represent is a fatal diagnostic.
pub fn build(cfg: &Config, resolve: Resolver, maxpconn: Option<u32>) -> Result<Plan, Diagnostics> {
    let diags = support::check(cfg);
    let refused = diags.list.iter().filter_map(|d| d.span).collect();
    let mut b = Builder {
        cfg,
        diags,
        refused,
        resolve,
    };
    let g = &cfg.global;
    // HTTP proxies are refused as a whole by support::check
    let runs = |p: &&Proxy| !p.settings.disabled && p.settings.mode != model::ir::proxy::Mode::Http;
    let live: Vec<&Proxy> = cfg.proxies.iter().filter(runs).collect();
    let mut be_index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut backends = Vec::new();
    for px in &live {
        if px.cap.backend {
            be_index.entry(px.name.as_str()).or_insert(backends.len());
            backends.push(b.backend(px));
        }
    }
    let find_be = |name: &str| be_index.get(name).copied();
    // `track`: the IR names (proxy, server); the runtime (backend, server)
    let be_of_proxy: std::collections::HashMap<usize, usize> = cfg
        .proxies
        .iter()
        .enumerate()
        .filter(|(_, p)| runs(p) && p.cap.backend)
        .enumerate()
        .map(|(bi, (pi, _))| (pi, bi))
        .collect();
    for (bi, px) in live.iter().filter(|p| p.cap.backend).enumerate() {
        for (si, srv) in px.servers.iter().enumerate() {
            let Some((pi, ti)) = srv.tracked else {
                continue;
            };
            if let Some(t) = be_of_proxy
                .get(&pi)
                .and_then(|bj| backends.get_mut(*bj))
                .and_then(|b: &mut Backend| b.servers.get_mut(ti))
            {
                t.trackers.push((bi, si));
            }
        }
    }
    let mut frontends = Vec::new();
    let mut proxies = Vec::new();
    for px in &live {
        let mut r = ProxyRef {
            name: px.name.clone(),
            frontend: None,
            backend: if px.cap.backend {
                find_be(&px.name)
            } else {
                None
            },
        };
        if px.cap.frontend {
            r.frontend = Some(frontends.len());
            frontends.push(b.frontend(px, &find_be, maxpconn));
        }
        proxies.push(r);
    }
    if !b.diags.code.is_fatal() && b.diags.list.iter().all(|d| !d.code.is_fatal()) {
        Ok(Plan {
            nbthread: g.nbthread.map(|n| n as usize),
            maxconn: g.maxconn.map(clamp_u32),
            bufsize: g.tune.bufsize.map_or(DEFAULT_BUFSIZE, |b| b as usize),
            daemon: g.daemon,
            pidfile: g.pidfile.clone(),
            hard_stop_after: g.hard_stop_after.map(ms),
            grace: g.grace.map(ms),
            ulimit_n: g.ulimit_n.and_then(|n| u64::try_from(n).ok()),
            reuseport: !g.noreuseport,
            splice_allowed: !g.nosplice,
            spread_checks: g.spread_checks.unwrap_or(0).min(50),
            max_spread_checks: g.max_spread_checks.filter(|v| *v > 0),
            node: g.node.clone().unwrap_or_else(host_name),
            frontends,
            backends,
            proxies,
        })
    } else {
        Err(b.diags)
    }
}

/// The system's host name (haproxy's default `node`).
fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim_end().to_string())
        .unwrap_or_default()
}

fn ms(v: u32) -> Duration {
    Duration::from_millis(u64::from(v))
}

fn clamp_u32(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

fn splice_of(px: &Proxy) -> Splice {
    let on = |n: &str| px.settings.option(n) == Some(true);
    Splice {
        request: on("splice-request"),
        response: on("splice-response"),
        auto: on("splice-auto"),
    }
}

impl Builder<'_> {
    fn fail(&mut self, span: Option<Span>, what: String) {
        let loc = span
            .and_then(|s| {
                let f = self.cfg.files.get(s.file.0 as usize)?;
                Some(format!("parsing [{f}:{}] : ", s.line))
            })
            .unwrap_or_default();
        if let Some(s) = span {
            self.refused.insert(s);
        }
        self.diags.push(Diagnostic::fatal(
            span,
            format!("{loc}'{what}' is not supported by portcullis yet (the configuration is valid for haproxy 2.6; see docs/compat.md)."),
        ));
    }

    fn loc(&self, span: Option<Span>) -> String {
        span.and_then(|s| {
            let f = self.cfg.files.get(s.file.0 as usize)?;
            Some(format!("{f}:{}", s.line))
        })
        .unwrap_or_default()
    }

    fn frontend(
        &mut self,
        px: &Proxy,
        find_be: &dyn Fn(&str) -> Option<usize>,
        maxpconn: Option<u32>,
    ) -> Frontend {
        let st = &px.settings;
        let maxconn = st
            .maxconn
            .map(clamp_u32)
            .or(maxpconn)
            .or(self.cfg.global.maxconn.map(clamp_u32))
            .unwrap_or(0);
        let mut listeners = Vec::new();
        for b in &px.binds {
            for a in &b.addrs {
                let backlog = b
                    .backlog
                    .or(st.backlog)
                    .map(clamp_u32)
                    .unwrap_or(if maxconn > 0 { maxconn } else { 1024 });
                let v6only = if b.v6only {
                    Some(true)
                } else if b.v4v6 {
                    Some(false)
                } else {
                    None
                };
                for addr in self.listen_addrs(a, b.span) {
                    listeners.push(ListenerSpec {
                        addr,
                        loc: self.loc(b.span),
                        backlog: i32::try_from(backlog).unwrap_or(i32::MAX),
                        maxconn: b.maxconn.map(clamp_u32).unwrap_or(maxconn),
                        v6only,
                        defer_accept: b.defer_accept,
                        unix_mode: b.mode,
                        unix_uid: b.uid.and_then(|v| u32::try_from(v).ok()),
                        unix_gid: b.gid.and_then(|v| u32::try_from(v).ok()),
                    });
                }
            }
        }
        let mut tcp_rules = Vec::new();
        for r in &px.rules.rules {
            if r.family != "tcp-request connection" {
                continue;
            }
            let cond = self.cond(px, r.cond.as_ref(), Some(r.span));
            tcp_rules.push(TcpRule {
                accept: r.action == "accept",
                cond,
            });
        }
        let mut switching = Vec::new();
        for u in &px.use_backends {
            let cond = self.cond(px, u.cond.as_ref(), Some(u.span));
            match find_be(&u.target) {
                Some(i) => switching.push((cond, i)),
                // a dynamic name (refused by support), or a disabled backend
                None if self.refused.contains(&u.span) => {}
                None => self.fail(Some(u.span), format!("use_backend {}", u.target)),
            }
        }
        let default_backend = match &st.default_backend {
            Some(d) => find_be(&d.value),
            None if px.cap.backend => find_be(&px.name),
            None => None,
        };
        let t = &st.timeouts;
        Frontend {
            name: px.name.clone(),
            listeners,
            maxconn,
            tcp_rules,
            switching,
            default_backend,
            timeout_client: t.client.map(ms),
            timeout_client_fin: t.client_fin.map(ms),
            tcpka: st.option("tcpka") == Some(true) || st.option("clitcpka") == Some(true),
            splice: splice_of(px),
        }
    }

    fn cond(
        &mut self,
        px: &Proxy,
        c: Option<&model::ir::Condition>,
        span: Option<Span>,
    ) -> Option<Cond> {
        let c = c?;
        match cond::compile(px, c) {
            Ok(c) => Some(c),
            Err(what) => {
                // support::check reports unsupported fetches already
                if !span.is_some_and(|s| self.refused.contains(&s)) {
                    self.fail(span, what);
                }
                None
            }
        }
    }

    fn listen_addrs(&mut self, a: &AddrSpec, span: Option<Span>) -> Vec<ListenAddr> {
        match (&a.target, a.ports) {
            (Target::Ip(ip), Ports::Range(lo, hi)) => (lo..=hi)
                .map(|p| ListenAddr::Inet(SocketAddr::new(*ip, p)))
                .collect(),
            (
                Target::Unix {
                    path,
                    abstract_ns: false,
                },
                _,
            ) => vec![ListenAddr::Unix(path.clone())],
            (
                Target::Unix {
                    path,
                    abstract_ns: true,
                },
                _,
            ) => {
                vec![ListenAddr::Abstract(path.clone())]
            }
            (Target::Fd(n), _) => vec![ListenAddr::Fd(*n)],
            _ => {
                self.fail(span, format!("bind {}", a.text));
                Vec::new()
            }
        }
    }

    fn backend(&mut self, px: &Proxy) -> Backend {
        let st = &px.settings;
        let algo = match st.balance.as_ref().unwrap_or(&Balance::RoundRobin) {
            Balance::StaticRr => lb::Algo::StaticRr,
            Balance::LeastConn => lb::Algo::LeastConn,
            Balance::First => lb::Algo::First,
            Balance::Random { draws } => lb::Algo::Random { draws: *draws },
            Balance::Source => lb::Algo::Source {
                consistent: st.hash_type.consistent,
                avalanche: st.hash_type.avalanche,
            },
            // Layer-7 hashes fall back to round robin in tcp mode, as
            // haproxy warns at check time. Others are refused by support.
            _ => lb::Algo::RoundRobin,
        };
        let mut servers = Vec::new();
        for (i, s) in px.servers.iter().enumerate() {
            let addr = match &s.addr {
                Some(a) => self.srv_addr(a, s.span),
                None => SrvAddr::None,
            };
            let check = match checks::CheckSpec::health(px, s) {
                Ok(c) => c.map(std::sync::Arc::new),
                Err(what) => {
                    self.fail(s.span, what);
                    None
                }
            };
            let agent = match checks::CheckSpec::agent(px, s) {
                Ok(c) => c.map(std::sync::Arc::new),
                Err(what) => {
                    self.fail(s.span, what);
                    None
                }
            };
            let puid =
                s.id.and_then(|v| u32::try_from(v).ok())
                    .unwrap_or(i as u32 + 1);
            servers.push(ServerPlan {
                name: s.name.clone(),
                disabled: s.disabled || matches!(addr, SrvAddr::None),
                addr,
                lb: lb::ServerSpec {
                    puid,
                    uweight: s.weight.map_or(1, |w| w.clamp(0, 256) as u32),
                    backup: s.backup,
                    maxconn: s.maxconn.map_or(0, clamp_u32),
                    maxqueue: s.maxqueue.map_or(0, clamp_u32),
                },
                check,
                agent,
                trackers: Vec::new(),
                observe: self.observe(s),
                shutdown_on_down: s.on_marked_down.as_deref() == Some("shutdown-sessions"),
            });
        }
        let t = &st.timeouts;
        Backend {
            name: px.name.clone(),
            algo,
            allbackups: st.option("allbackups") == Some(true),
            servers,
            timeout_connect: t.connect.map(ms),
            timeout_server: t.server.map(ms),
            timeout_server_fin: t.server_fin.map(ms),
            timeout_queue: t.queue.or(t.connect).map(ms),
            timeout_tunnel: t.tunnel.map(ms),
            retries: st
                .retries
                .map_or(DEFAULT_RETRIES, |r| r.clamp(0, 1 << 20) as u32),
            redispatch: st.redispatch.filter(|i| *i != 0),
            tcpka: st.option("tcpka") == Some(true) || st.option("srvtcpka") == Some(true),
            splice: splice_of(px),
            log_health_checks: st.option("log-health-checks") == Some(true),
            is_listen: px.kind == syntax::SectionKind::Listen,
        }
    }

    fn observe(&mut self, s: &model::ir::Server) -> Option<Observe> {
        match s.observe.as_deref() {
            Some("layer4") if s.check.enabled => {}
            Some("layer4") | None => return None,
            Some(other) => {
                self.fail(s.span, format!("server observe {other}"));
                return None;
            }
        }
        let on_error = match s.on_error.as_deref() {
            None | Some("fastinter") => OnError::FastInter,
            Some("fail-check") => OnError::FailCheck,
            Some("sudden-death") => OnError::SuddenDeath,
            Some("mark-down") => OnError::MarkDown,
            Some(other) => {
                self.fail(s.span, format!("server on-error {other}"));
                return None;
            }
        };
        let limit = s
            .error_limit
            .map_or(10, |v| v.clamp(1, i64::from(u32::MAX)) as u32);
        Some(Observe { limit, on_error })
    }

    fn srv_addr(&mut self, a: &AddrSpec, span: Option<Span>) -> SrvAddr {
        let ip = match &a.target {
            Target::Ip(ip) => *ip,
            Target::Name(n) => match (self.resolve)(n, a.family) {
                Some(ip) => ip,
                None => return SrvAddr::None,
            },
            Target::Unix { path, abstract_ns } => {
                if *abstract_ns {
                    // the connect side of abns@ is not written yet
                    self.fail(span, format!("server address abns@{path}"));
                    return SrvAddr::None;
                }
                return SrvAddr::Unix(path.clone());
            }
            Target::Fd(_) | Target::SockPair(_) => {
                self.fail(span, format!("server address {}", a.text));
                return SrvAddr::None;
            }
        };
        let unspecified =
            ip == IpAddr::V4(Ipv4Addr::UNSPECIFIED) || ip == IpAddr::V6(Ipv6Addr::UNSPECIFIED);
        match a.ports {
            _ if unspecified && matches!(a.target, Target::Ip(_)) => SrvAddr::Transparent,
            Ports::Range(p, _) => SrvAddr::Inet(SocketAddr::new(ip, p)),
            Ports::None => SrvAddr::InetDstPort(ip, 0),
            Ports::Offset(o) => SrvAddr::InetDstPort(ip, o),
        }
    }
}
