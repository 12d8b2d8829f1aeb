//! Post-parse server checks (haproxy's `check_config_validity` server
//! loop): duplicate names, `track` resolution, check ports, and the
//! `bind ... ssl` without certificate error. The post-parse driver calls
//! [`check_servers`].

use crate::addr::{Ports, Target};
use crate::cx::Cx;
use syntax::Diagnostic;

pub fn check_servers(cx: &mut Cx) {
    let mut out: Vec<Diagnostic> = Vec::new();
    for (pi, px) in cx.cfg.proxies.iter().enumerate() {
        for (si, s) in px.servers.iter().enumerate() {
            let loc = s.span.map(|sp| cx.loc_of(sp)).unwrap_or_default();
            // Duplicate names: only when neither server has an explicit id.
            if s.id.is_none() {
                if let Some(prev) = px.servers[..si]
                    .iter()
                    .find(|p| p.name == s.name && p.id.is_none())
                {
                    let line = prev.span.map_or(0, |sp| sp.line);
                    out.push(Diagnostic::fatal(s.span, format!(
                        "parsing [{loc}] : backend '{}', another server named '{}' was already defined at line {line}, please use distinct names.",
                        px.name, s.name
                    )));
                }
            }
            if s.check.enabled && s.check.port.is_none() {
                let no_port = match &s.addr {
                    Some(a) => {
                        matches!(a.target, Target::Ip(_) | Target::Name(_))
                            && match a.ports {
                                Ports::Range(l, _) => l == 0,
                                _ => true,
                            }
                    }
                    None => false,
                };
                if no_port {
                    out.push(Diagnostic::fatal(
                        s.span,
                        format!(
                        "config: proxy '{}': server '{}' has neither service port nor check port.",
                        px.name, s.name
                    ),
                    ));
                }
            }
            if let Some(t) = &s.track {
                if let Some(d) = check_track(cx, pi, &px.name, &s.name, &loc, t) {
                    out.push(Diagnostic::fatal(s.span, d));
                }
            }
            if s.ssl.enabled && s.ssl.verify.as_deref() != Some("none") && s.ssl.ca_file.is_none() {
                let verify_none = matches!(
                    cx.cfg.global.ssl_server_verify,
                    Some(crate::ir::global::SslServerVerify::None)
                );
                if !verify_none {
                    out.push(Diagnostic::fatal(s.span, format!(
                        "[{loc}] : 'server {}/{}' : verify is enabled by default but no CA file specified. If you're running on a LAN where you're certain to trust the server's certificate, please set an explicit 'verify none' statement on the 'server' line, or use 'ssl-server-verify none' in the global section to disable server-side verifications by default.",
                        px.name, s.name
                    )));
                }
            }
        }
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
    for d in out {
        cx.push(d);
    }
}

/// Resolves `track [<proxy>/]<server>`; returns the error text if any.
fn check_track(
    cx: &Cx,
    pi: usize,
    px_name: &str,
    name: &str,
    loc: &str,
    t: &str,
) -> Option<String> {
    let (tpx, tsrv) = match t.split_once('/') {
        Some((p, s)) => (Some(p), s),
        None => (None, t),
    };
    let ctx = format!("[{loc}] : 'server {px_name}/{name}' :");
    let target_px = match tpx {
        Some(p) => cx.cfg.proxies.iter().find(|x| x.name == p && x.cap.backend),
        None => cx.cfg.proxies.get(pi),
    };
    let Some(target_px) = target_px else {
        return Some(format!(
            "{ctx} unable to find required proxy '{}' for tracking.",
            tpx.unwrap_or("")
        ));
    };
    let Some(target) = target_px.servers.iter().find(|s| s.name == tsrv) else {
        return Some(format!(
            "{ctx} unable to find required server '{tsrv}' for tracking."
        ));
    };
    if !target.check.enabled && !target.agent.enabled && target.track.is_none() {
        return Some(format!(
            "{ctx} unable to use {}/{tsrv} for tracking as it does not have any check nor agent enabled.",
            target_px.name
        ));
    }
    None
}
