//! Server address resolution at start-up (haproxy's `srv_init_addr`),
//! through the host's system resolver, with `init-addr` and `-dr`.

#[path = "check_servers.rs"]
pub mod check_servers;

use crate::addr::{resolve_name, Target};
use crate::cx::Cx;
use syntax::Diagnostic;

/// How one server's address was settled.
enum Settled {
    Resolved,
    /// `none`: the server starts in maintenance.
    Maintenance,
}

/// Resolves every server host name (haproxy's `srv_iterate_initaddr`).
/// The `init-addr` methods are tried in order; without one, `last,libc`,
/// plus `none` for a server with `resolvers` (its DNS resolution starts
/// later, so start-up must not fail). `last` has no state file here. `-dr`
/// appends `none`. Reaching `none` or a literal IP after a failed method
/// is a warning; failing every method is an alert.
pub fn init_addrs(cx: &mut Cx) {
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut failed = false;
    for px in &cx.cfg.proxies {
        for s in &px.servers {
            let Some(addr) = &s.addr else { continue };
            let Target::Name(host) = &addr.target else {
                continue;
            };
            let mut methods: Vec<&str> = match s.init_addr.as_deref() {
                Some(v) => v.split(',').filter(|m| !m.is_empty()).collect(),
                None if s.resolvers.is_some() => vec!["last", "libc", "none"],
                None => vec!["last", "libc"],
            };
            if cx.opts.resolve_none {
                methods.push("none");
            }
            let mut tried = false;
            let mut settled = None;
            let mut note = None;
            for m in methods {
                match m {
                    "last" => {}
                    "libc" => {
                        if resolve_name(cx, host, addr.family).is_some() {
                            settled = Some(Settled::Resolved);
                            break;
                        }
                        tried = true;
                    }
                    "none" => {
                        note = tried.then_some(", disabling server");
                        settled = Some(Settled::Maintenance);
                        break;
                    }
                    ip => {
                        if crate::addr::literal_ip(ip, crate::addr::Family::Unspec).is_some() {
                            note = tried.then_some(", falling back to configured address");
                            settled = Some(Settled::Resolved);
                            break;
                        }
                    }
                }
            }
            let loc = s.span.map(|sp| cx.loc_of(sp)).unwrap_or_default();
            let prefix = format!("[{loc}] : 'server {}/{}' :", px.name, s.name);
            match (settled, note) {
                (Some(_), Some(n)) => out.push(Diagnostic::warning(
                    s.span,
                    format!("{prefix} could not resolve address '{host}'{n}."),
                )),
                (Some(Settled::Resolved | Settled::Maintenance), None) => {}
                (None, _) => {
                    let why = if tried {
                        "could not resolve address"
                    } else {
                        "no method found to resolve address"
                    };
                    out.push(Diagnostic::fatal(
                        s.span,
                        format!("{prefix} {why} '{host}'."),
                    ));
                    failed = true;
                }
            }
        }
    }
    for d in out {
        cx.push(d);
    }
    if failed {
        cx.push(Diagnostic::fatal(
            None,
            "Failed to initialize server(s) addr.",
        ));
    }
}
