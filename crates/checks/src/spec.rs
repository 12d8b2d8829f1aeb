//! Everything needed to run one server's health or agent check, compiled
//! once at start-up from the IR: the program, the counters' parameters,
//! the intervals, the destination and the timeouts.

use crate::http::Request;
use crate::program::{Family, Program};
use crate::rules::{self, Dest};
use crate::{protocols, Status};
use model::ir::proxy::{Balance, CheckKind, Proxy};
use model::ir::Server;
use std::net::IpAddr;
use std::sync::Arc;

/// haproxy's defaults (include/haproxy/defaults.h).
const DEF_INTER: u32 = 2000;
const DEF_RISE: u32 = 2;
const DEF_FALL: u32 = 3;
const DEF_AGENT_INTER: u32 = 2000;

/// A compiled health or agent check.
#[derive(Clone, Debug)]
pub struct CheckSpec {
    pub(crate) prog: Arc<Program>,
    agent: bool,
    rise: u32,
    fall: u32,
    inter: u32,
    fastinter: Option<u32>,
    downinter: Option<u32>,
    port: Option<u16>,
    addr: Option<IpAddr>,
    timeout_check: Option<u32>,
    timeout_connect: Option<u32>,
}

fn count(v: Option<i64>, def: u32) -> u32 {
    v.map_or(def, |n| n.clamp(1, i64::from(u32::MAX)) as u32)
}

fn port_of(v: Option<i64>, what: &str) -> Result<Option<u16>, String> {
    match v {
        None => Ok(None),
        Some(p) => u16::try_from(p)
            .map(Some)
            .map_err(|_| format!("{what} {p}")),
    }
}

fn addr_of(v: Option<&String>, what: &str) -> Result<Option<IpAddr>, String> {
    match v {
        None => Ok(None),
        Some(a) => {
            let a = a.trim_start_matches("ipv4@").trim_start_matches("ipv6@");
            let a = a
                .strip_prefix('[')
                .and_then(|s| s.strip_suffix(']'))
                .unwrap_or(a);
            a.parse().map(Some).map_err(|_| format!("{what} {a}"))
        }
    }
}

/// `option httpchk`'s request: the version string may hide headers and a
/// body after CRLFs (the deprecated form), which haproxy parses.
fn httpchk_request(method: &str, uri: &str, version: &str) -> Request {
    let mut req = Request {
        meth: method.to_string(),
        uri: uri.to_string(),
        ..Request::default()
    };
    let (ver, rest) = match version.split_once("\r\n") {
        Some((v, r)) => (v, Some(r)),
        None => (version, None),
    };
    req.ver = ver.to_string();
    if let Some(rest) = rest {
        let (head, body) = match rest.split_once("\r\n\r\n") {
            Some((h, b)) => (h, Some(b)),
            None => (rest, None),
        };
        for line in head.split("\r\n").filter(|l| !l.is_empty()) {
            if let Some((n, v)) = line.split_once(':') {
                let v = v.trim_matches(|c| c == ' ' || c == '\t');
                req.hdrs.push((n.to_string(), v.as_bytes().to_vec()));
            }
        }
        req.body = body.unwrap_or("").as_bytes().to_vec();
    }
    req
}

/// Settings a check cannot honour yet.
fn refuse_transport(srv: &Server) -> Result<(), String> {
    let c = &srv.check;
    let refused = [
        (c.send_proxy, "check-send-proxy"),
        (c.ssl, "check-ssl"),
        (c.via_socks4, "check-via-socks4"),
        (c.sni.is_some(), "check-sni"),
        (c.alpn.is_some(), "check-alpn"),
        (c.proto.is_some(), "check-proto"),
        // A server with `ssl` checks over TLS unless `port`/`addr` is set.
        (
            srv.ssl.enabled && c.port.is_none() && c.addr.is_none(),
            "ssl (checks over TLS)",
        ),
    ];
    match refused.iter().find(|(on, _)| *on) {
        Some((_, what)) => Err((*what).to_string()),
        None => Ok(()),
    }
}

/// A backend algorithm whose weights are fixed at start-up (only 0% and
/// 100% agent weights apply).
fn static_lb(px: &Proxy) -> bool {
    let consistent = px.settings.hash_type.consistent;
    match &px.settings.balance {
        Some(Balance::StaticRr) => true,
        Some(
            Balance::Source | Balance::Uri { .. } | Balance::UrlParam { .. } | Balance::Hdr { .. },
        )
        | Some(Balance::RdpCookie { .. } | Balance::Hash { .. }) => !consistent,
        _ => false,
    }
}

impl CheckSpec {
    /// The health check of `srv` in `px` (`None` without `check`).
    pub fn health(px: &Proxy, srv: &Server) -> Result<Option<CheckSpec>, String> {
        let c = &srv.check;
        if !c.enabled {
            return Ok(None);
        }
        refuse_transport(srv)?;
        let dest = Dest {
            port: port_of(c.port, "check port")?,
            addr: addr_of(c.addr.as_ref(), "check addr")?,
        };
        let prog = program(px, dest)?;
        let t = &px.settings.timeouts;
        Ok(Some(CheckSpec {
            prog: Arc::new(prog),
            agent: false,
            rise: count(c.rise, DEF_RISE),
            fall: count(c.fall, DEF_FALL),
            inter: c.inter.unwrap_or(DEF_INTER).max(1),
            fastinter: c.fastinter,
            downinter: c.downinter,
            port: dest.port,
            addr: dest.addr,
            timeout_check: t.check,
            timeout_connect: t.connect,
        }))
    }

    /// The agent check of `srv` (`None` without `agent-check`).
    pub fn agent(px: &Proxy, srv: &Server) -> Result<Option<CheckSpec>, String> {
        let a = &srv.agent;
        if !a.enabled {
            return Ok(None);
        }
        let Some(port) = port_of(a.port, "agent-port")? else {
            return Err("agent-check without agent-port".into());
        };
        let addr = addr_of(a.addr.as_ref(), "agent-addr")?;
        let mut prog = protocols::agent(a.send.as_deref().map(str::as_bytes))
            .with_implicit_connect(Some(port), addr);
        prog.iweight = srv.weight.map_or(1, |w| w.clamp(0, 256) as u32);
        prog.static_lb = static_lb(px);
        let t = &px.settings.timeouts;
        Ok(Some(CheckSpec {
            prog: Arc::new(prog),
            agent: true,
            rise: 1,
            fall: 1,
            inter: a.inter.unwrap_or(DEF_AGENT_INTER).max(1),
            fastinter: None,
            downinter: None,
            port: Some(port),
            addr,
            timeout_check: t.check,
            timeout_connect: t.connect,
        }))
    }

    /// Whether the first connection may delay the handshake's last ACK
    /// (TCP_QUICKACK off), as haproxy does when the connect is followed by
    /// a send (the data carries the ACK) or by nothing (a layer-4 check,
    /// aborted before the server accepts). Not when the server talks
    /// first: it would wait for that ACK.
    pub fn delay_ack(&self) -> bool {
        let mut steps = self.prog.rules.iter().map(|r| &r.step);
        let _ = steps
            .by_ref()
            .find(|s| matches!(s, crate::program::Step::Connect(_)));
        matches!(steps.next(), None | Some(crate::program::Step::Send(_)))
    }

    pub fn is_agent(&self) -> bool {
        self.agent
    }

    pub fn rise(&self) -> u32 {
        self.rise
    }

    pub fn fall(&self) -> u32 {
        self.fall
    }

    pub fn inter(&self) -> u32 {
        self.inter
    }

    pub fn fastinter(&self) -> Option<u32> {
        self.fastinter
    }

    pub fn downinter(&self) -> Option<u32> {
        self.downinter
    }

    /// The check port (`port`, or `agent-port`); `None`: the server's.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The check address (`addr`, or `agent-addr`); `None`: the server's.
    pub fn addr(&self) -> Option<IpAddr> {
        self.addr
    }

    /// The time allowed to connect: `inter`, or `min(timeout connect,
    /// inter)` when `timeout check` is set too (§5.1).
    pub fn connect_timeout_ms(&self, timeout_connect: Option<u32>) -> u32 {
        match (self.timeout_check, timeout_connect) {
            (Some(_), Some(tc)) => tc.min(self.inter),
            _ => self.inter,
        }
    }

    /// The time allowed for the response once connected: `timeout check`,
    /// else `inter` (then counted from the start of the check, which
    /// [`crate::Run::deadline`] does).
    pub fn read_timeout_ms(&self) -> u32 {
        self.timeout_check.unwrap_or(self.inter)
    }

    pub(crate) fn timeouts(&self) -> (u32, Option<u32>, Option<u32>) {
        (self.inter, self.timeout_check, self.timeout_connect)
    }

    /// Whether the check sends `x-haproxy-server-state` (`http-check
    /// send-state`), for which the runtime gives [`crate::Run::with_server_state`].
    pub fn sends_state(&self) -> bool {
        self.prog.rules.iter().any(|r| {
            matches!(&r.step, crate::program::Step::Send(crate::program::Send::Http(q)) if q.send_state)
        })
    }

    /// The status a server shows before its first check (`INI`).
    pub fn initial_status(&self) -> Status {
        Status::Ini
    }
}

/// The health-check program of a proxy's check kind.
fn program(px: &Proxy, dest: Dest) -> Result<Program, String> {
    let kind = px.settings.check.as_ref().map(|c| &c.value);
    let prog = match kind {
        None => Program::new(Family::L4, Vec::new()),
        Some(CheckKind::TcpCheck) => Program::new(Family::Tcp, rules::tcp(&px.checks.tcp, dest)?),
        Some(CheckKind::Http {
            method,
            uri,
            version,
        }) => {
            let mut base = httpchk_request(method, uri, version);
            base.send_state = px.checks.send_state;
            let mut p = Program::new(Family::Http, rules::http(&px.checks.http, &base, dest)?);
            p.disable_on_404 = px.checks.disable_on_404;
            p
        }
        Some(CheckKind::SslHello) => protocols::ssl_hello(),
        Some(CheckKind::Redis) => protocols::redis(),
        Some(CheckKind::Ldap) => protocols::ldap(),
        Some(CheckKind::Smtp { hello, domain }) => protocols::smtp(hello, domain),
        Some(CheckKind::Mysql { user, post41 }) => {
            protocols::mysql(user.as_deref().map(|u| (u, *post41)))
        }
        Some(CheckKind::Pgsql { user }) => protocols::pgsql(user),
        Some(CheckKind::Spop) => return Err("option spop-check".into()),
        Some(CheckKind::External) => return Err("option external-check".into()),
    };
    Ok(with_dest(prog, dest))
}

/// The first connect of every program goes to the check's destination.
fn with_dest(p: Program, dest: Dest) -> Program {
    let mut p = p.with_implicit_connect(dest.port, dest.addr);
    for r in &mut p.rules {
        if let crate::program::Step::Connect(c) = &mut r.step {
            if !c.explicit_port && c.port.is_none() {
                c.port = dest.port;
            }
            if c.addr.is_none() {
                c.addr = dest.addr;
            }
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_headers_of_the_version_string() {
        let r = httpchk_request(
            "GET",
            "/health",
            "HTTP/1.1\r\nHost: www.example.com\r\nX-A: b",
        );
        assert_eq!(r.ver, "HTTP/1.1");
        assert_eq!(
            r.hdrs,
            vec![
                ("Host".into(), b"www.example.com".to_vec()),
                ("X-A".into(), b"b".to_vec())
            ]
        );
        let r = httpchk_request("POST", "/x", "HTTP/1.1\r\nHost: h\r\n\r\nbodytext");
        assert_eq!(r.body, b"bodytext");
        assert_eq!(r.hdrs.len(), 1);
    }
}
