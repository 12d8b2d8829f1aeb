//! Post-parse server checks, in haproxy 2.6's order:
//!
//! - per proxy, right after its missing-timeouts warning
//!   ([`check_proxy_servers`]): duplicate names, then each server's SSL
//!   context (client certificate, CA verification) and `track`;
//! - per proxy, after the HTTP-only option warnings
//!   ([`check_proxy_servers_mode`]): server cookies and redirect prefixes
//!   outside HTTP mode;
//! - after every proxy ([`check_servers_late`]): `bind ... ssl` without a
//!   certificate, `resolvers` that do not exist, FastCGI servers without
//!   an FCGI application, then servers whose health check has no port.
//!
//! Within one server, haproxy prints its messages in a user-message
//! context whose `[file:line] : 'server px/name' : ` prefix only the first
//! message carries.

use crate::addr::{Ports, Target};
use crate::cx::Cx;
use crate::ir::checks::{CheckAction, CheckRule};
use crate::ir::proxy::{CheckKind, Mode, Proxy};
use crate::ir::server::Server;
use crate::kw::bind::bind_ssl::check_crt;
use syntax::Diagnostic;

fn enabled<'c>(cx: &'c Cx, i: usize) -> Option<&'c Proxy> {
    cx.cfg.proxies.get(i).filter(|p| !p.settings.disabled)
}

/// Duplicate server names, then each server's SSL context and `track`.
pub fn check_proxy_servers(cx: &mut Cx, i: usize) {
    let Some(px) = enabled(cx, i) else { return };
    let mut out: Vec<Diagnostic> = Vec::new();
    for (si, s) in px.servers.iter().enumerate() {
        // Duplicate names: only when neither server has an explicit id.
        if s.id.is_some() {
            continue;
        }
        let Some(prev) = px.servers[..si]
            .iter()
            .find(|p| p.name == s.name && p.id.is_none())
        else {
            continue;
        };
        let loc = s.span.map(|sp| cx.loc_of(sp)).unwrap_or_default();
        let line = prev.span.map_or(0, |sp| sp.line);
        out.push(Diagnostic::fatal(s.span, format!(
            "parsing [{loc}] : {} '{}', another server named '{}' was already defined at line {line}, please use distinct names.",
            px.type_str(), px.name, s.name
        )));
    }
    let mut tracked = Vec::new();
    for (si, s) in px.servers.iter().enumerate() {
        let mut msgs = ssl_context(cx, px, s);
        if let Some(t) = &s.track {
            match resolve_track(cx, i, si, t) {
                Ok(at) => tracked.push((si, at)),
                Err(e) => msgs.extend(e),
            }
        }
        let loc = s.span.map(|sp| cx.loc_of(sp)).unwrap_or_default();
        for (n, m) in msgs.into_iter().enumerate() {
            let text = if n == 0 {
                format!("[{loc}] : 'server {}/{}' : {m}", px.name, s.name)
            } else {
                m
            };
            out.push(Diagnostic::fatal(s.span, text));
        }
    }
    for d in out {
        cx.push(d);
    }
    if let Some(px) = cx.cfg.proxies.get_mut(i) {
        for (si, at) in tracked {
            if let Some(s) = px.servers.get_mut(si) {
                s.tracked = Some(at);
            }
        }
    }
}

/// haproxy's `ssl_sock_prepare_srv_ctx` for a server that speaks SSL for
/// its traffic (`ssl`), its checks (`check-ssl`) or its proxy's tcp-check
/// (`tcp-check connect ssl`): the client certificate is loaded (a
/// directory is not accepted here), then a verified connection needs a CA
/// file.
fn ssl_context(cx: &Cx, px: &Proxy, s: &Server) -> Vec<String> {
    let mut msgs = Vec::new();
    let tcpcheck_ssl = px
        .checks
        .tcp
        .iter()
        .any(|r| r.action == CheckAction::Connect && r.args.iter().any(|a| a == "ssl"));
    if !(s.ssl.enabled || s.check.ssl || tcpcheck_ssl) {
        return msgs;
    }
    if let Some(crt) = &s.ssl.crt {
        let loaded = match cx.host.stat(crt) {
            Ok(true) => Err(format!(
                "unable to stat SSL certificate from file '{crt}' : No such file or directory."
            )),
            _ => check_crt(cx, crt),
        };
        msgs.extend(loaded.err());
    }
    let verify_none = s.ssl.verify.as_deref() == Some("none")
        || matches!(
            cx.cfg.global.ssl_server_verify,
            Some(crate::ir::global::SslServerVerify::None)
        );
    if !verify_none && s.ssl.ca_file.is_none() {
        msgs.push("verify is enabled by default but no CA file specified. If you're running on a LAN where you're certain to trust the server's certificate, please set an explicit 'verify none' statement on the 'server' line, or use 'ssl-server-verify none' in the global section to disable server-side verifications by default.".to_string());
    }
    msgs
}

/// Resolves `track [<proxy>/]<server>` of server `si` of proxy `pi`
/// (haproxy's `srv_apply_track`): the tracked server as indexes, or the
/// messages.
fn resolve_track(cx: &Cx, pi: usize, si: usize, t: &str) -> Result<(usize, usize), Vec<String>> {
    let (tpx, tsrv) = match t.split_once('/') {
        Some((p, s)) => (Some(p), s),
        None => (None, t),
    };
    let target_pi = match tpx {
        Some(p) => cx
            .cfg
            .proxies
            .iter()
            .position(|x| x.name == p && x.cap.backend),
        None => Some(pi),
    };
    let Some((tpi, target_px)) = target_pi.and_then(|j| Some((j, cx.cfg.proxies.get(j)?))) else {
        let p = tpx.unwrap_or("");
        return Err(vec![format!(
            "unable to find required proxy '{p}' for tracking."
        )]);
    };
    let same: Vec<usize> = target_px
        .servers
        .iter()
        .enumerate()
        .filter(|(_, s)| s.name == tsrv)
        .map(|(n, _)| n)
        .collect();
    let mut msgs = Vec::new();
    if same.len() > 1 {
        msgs.push(format!(
            "Refusing to use duplicated server '{tsrv}' found in proxy: {}!",
            target_px.name
        ));
    }
    let [tsi] = same[..] else {
        msgs.push(format!(
            "unable to find required server '{tsrv}' for tracking."
        ));
        return Err(msgs);
    };
    let Some(target) = target_px.servers.get(tsi) else {
        return Err(msgs);
    };
    let tname = format!("{}/{}", target_px.name, target.name);
    if !target.check.enabled && !target.agent.enabled && target.track.is_none() {
        return Err(vec![format!(
            "unable to use {tname} for tracking as it does not have any check nor agent enabled."
        )]);
    }
    if (tpi, tsi) == (pi, si) || chain_reaches(cx, (tpi, tsi), (pi, si)) {
        return Err(vec![format!(
            "unable to track {tname} as it belongs to a tracking chain looping back to {tname}."
        )]);
    }
    Ok((tpi, tsi))
}

/// Whether following the `track` links from `from` leads to `to`.
fn chain_reaches(cx: &Cx, from: (usize, usize), to: (usize, usize)) -> bool {
    let mut at = from;
    for _ in 0..=cx
        .cfg
        .proxies
        .iter()
        .map(|p| p.servers.len())
        .sum::<usize>()
    {
        let Some(s) = cx.cfg.proxies.get(at.0).and_then(|p| p.servers.get(at.1)) else {
            return false;
        };
        let Some(t) = &s.track else { return false };
        let (pname, sname) = match t.split_once('/') {
            Some((p, n)) => (Some(p), n),
            None => (None, t.as_str()),
        };
        let pj = match pname {
            Some(p) => cx.cfg.proxies.iter().position(|x| x.name == p),
            None => Some(at.0),
        };
        let Some(pj) = pj else { return false };
        let Some(sj) = cx
            .cfg
            .proxies
            .get(pj)
            .and_then(|p| p.servers.iter().position(|s| s.name == sname))
        else {
            return false;
        };
        if (pj, sj) == to {
            return true;
        }
        at = (pj, sj);
    }
    false
}

/// Server cookies and redirect prefixes of a proxy that is not HTTP.
pub fn check_proxy_servers_mode(cx: &mut Cx, i: usize) {
    let Some(px) = enabled(cx, i).filter(|p| p.settings.mode != Mode::Http) else {
        return;
    };
    let mut out = Vec::new();
    for s in &px.servers {
        if s.other.iter().any(|o| o.starts_with("redir=")) {
            out.push(Diagnostic::fatal(
                None,
                format!(
                    "{} '{}' : server cannot have cookie or redirect prefix in non-HTTP mode.",
                    px.type_str(),
                    px.name
                ),
            ));
        }
        if s.cookie.is_some() {
            out.push(Diagnostic::warning(
                None,
                format!(
                    "{} '{}' : ignoring cookie for server '{}' as HTTP mode is disabled.",
                    px.type_str(),
                    px.name,
                    s.name
                ),
            ));
        }
    }
    for d in out {
        cx.push(d);
    }
}

/// After every proxy: `bind ... ssl` without a certificate, servers naming
/// an unknown `resolvers` section, then the servers whose health check has
/// no port (haproxy's `init_srv_check`).
pub fn check_servers_late(cx: &mut Cx) {
    let mut out: Vec<Diagnostic> = Vec::new();
    for px in cx.cfg.proxies.iter().filter(|p| !p.settings.disabled) {
        for b in &px.binds {
            if b.ssl.enabled && b.ssl.crt.is_empty() && b.ssl.crt_list.is_empty() {
                let loc = b.span.map(|sp| cx.loc_of(sp)).unwrap_or_default();
                out.push(Diagnostic::fatal(b.span, format!(
                    "Proxy '{}': no SSL certificate specified for bind '{}' at [{loc}] (use 'crt').",
                    px.name, b.text
                )));
            }
        }
    }
    for px in cx.cfg.proxies.iter().filter(|p| !p.settings.disabled) {
        for s in &px.servers {
            let Some(r) = &s.resolvers else { continue };
            if !cx.cfg.sections.resolvers.iter().any(|x| x.name == *r) {
                out.push(Diagnostic::fatal(
                    s.span,
                    format!(
                        "{} '{}', server '{}': unable to find required resolvers '{r}'",
                        px.type_str(),
                        px.name,
                        s.name
                    ),
                ));
            }
        }
    }
    out.extend(fcgi_servers(cx));
    // The default ruleset of proxies without a check option is shared:
    // each backend's post-proxy check gives it an implicit connect (without
    // port), after that backend's servers were checked.
    let mut default_filled = false;
    for px in cx
        .cfg
        .proxies
        .iter()
        .filter(|p| !p.settings.disabled && p.cap.backend)
    {
        let rules = match ruleset(px) {
            Some(r) => r,
            None if px.settings.check.is_none() && default_filled => Ruleset::NoPort,
            None => Ruleset::Empty,
        };
        check_ports(px, rules, &mut out);
        default_filled |= px.settings.check.is_none();
    }
    for d in out {
        cx.push(d);
    }
}

/// haproxy's FastCGI post-parser: a `proto fcgi` server needs its backend
/// to use an FCGI application; it stops at the first offender.
fn fcgi_servers(cx: &Cx) -> Option<Diagnostic> {
    cx.cfg.proxies.iter().find_map(|px| {
        let s = px
            .servers
            .iter()
            .find(|s| s.other.iter().any(|o| o == "proto=fcgi"))?;
        px.settings.fcgi_app.is_none().then(|| {
            let text = format!(
                "proxy '{}': FCGI server '{}' has no FCGI app configured.",
                px.name, s.name
            );
            Diagnostic::fatal(s.span, text)
        })
    })
}

/// What a proxy's tcp-check ruleset says about a server without a port.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ruleset {
    /// No rule at all: the plain message.
    Empty,
    /// Rules whose first connect has no port: the message names them too.
    NoPort,
    /// The first rule connects to a port: servers need none.
    Port,
    /// The first rule connects to a port but a later connect has none.
    LaterNoPort,
}

/// The ruleset of a proxy with a check option (`None` without one).
fn ruleset(px: &Proxy) -> Option<Ruleset> {
    let kind = &px.settings.check.as_ref()?.value;
    Some(match kind {
        CheckKind::External => Ruleset::Empty,
        CheckKind::TcpCheck => {
            let with_port = |r: &&CheckRule| r.args.iter().any(|a| a == "port");
            let first = px.checks.tcp.iter().find(|r| r.action.is_step());
            let connects = || {
                px.checks
                    .tcp
                    .iter()
                    .filter(|r| r.action == CheckAction::Connect)
            };
            match first {
                None => Ruleset::Empty,
                Some(r) if r.action != CheckAction::Connect || !with_port(&r) => Ruleset::NoPort,
                Some(_) if connects().all(|r| with_port(&r)) => Ruleset::Port,
                Some(_) => Ruleset::LaterNoPort,
            }
        }
        _ => Ruleset::NoPort,
    })
}

/// `has neither service port nor check port`, with the tail haproxy adds
/// when the proxy's ruleset has rules but does not start with a connect
/// to a port.
fn check_ports(px: &Proxy, rules: Ruleset, out: &mut Vec<Diagnostic>) {
    for s in px.servers.iter().filter(|s| s.check.enabled) {
        let has_port = s.check.port.is_some()
            || s.addr.as_ref().is_none_or(|a| {
                !matches!(a.target, Target::Ip(_) | Target::Name(_))
                    || matches!(a.ports, Ports::Range(l, _) if l != 0)
            });
        if has_port || rules == Ruleset::Port {
            continue;
        }
        let tail = match rules {
            Ruleset::NoPort => " nor tcp_check rule 'connect' with port information",
            Ruleset::LaterNoPort => ", and a tcp_check rule 'connect' with no port information",
            _ => "",
        };
        out.push(Diagnostic::fatal(
            s.span,
            format!(
                "config: {} '{}': server '{}' has neither service port nor check port{tail}.",
                px.type_str(),
                px.name,
                s.name
            ),
        ));
    }
}
