//! Server address resolution at start-up (haproxy's `srv_init_addr`),
//! through the host's system resolver, with `init-addr` and `-dr`.

#[path = "check_servers.rs"]
pub mod check_servers;

use crate::addr::{resolve_name, Target};
use crate::cx::Cx;
use syntax::Diagnostic;

/// Resolves every server host name. `init-addr` methods are tried in
/// order (default `last,libc`; `last` has no state file here); `none`
/// leaves the server in maintenance with a warning, a literal IP is used
/// as is. `-dr` appends `none`. The post-parse server checks run first,
/// as the last part of haproxy's `check_config_validity`.
pub fn init_addrs(cx: &mut Cx) {
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut failed = false;
    for px in &cx.cfg.proxies {
        for s in &px.servers {
            let Some(addr) = &s.addr else { continue };
            let Target::Name(host) = &addr.target else {
                continue;
            };
            let mut methods: Vec<&str> = s
                .init_addr
                .as_deref()
                .unwrap_or("last,libc")
                .split(',')
                .filter(|m| !m.is_empty())
                .collect();
            if cx.opts.resolve_none {
                methods.push("none");
            }
            let mut resolved = false;
            let mut none = false;
            for m in methods {
                match m {
                    "libc" => resolved = resolve_name(cx, host, addr.family).is_some(),
                    "last" => {}
                    "none" => none = true,
                    ip => {
                        resolved =
                            crate::addr::literal_ip(ip, crate::addr::Family::Unspec).is_some()
                    }
                }
                if resolved || none {
                    break;
                }
            }
            if resolved {
                continue;
            }
            let loc = s.span.map(|sp| cx.loc_of(sp)).unwrap_or_default();
            let base = format!(
                "[{loc}] : 'server {}/{}' : could not resolve address '{host}'",
                px.name, s.name
            );
            if none {
                out.push(Diagnostic::warning(
                    s.span,
                    format!("{base}, disabling server."),
                ));
            } else {
                out.push(Diagnostic::fatal(s.span, format!("{base}.")));
                failed = true;
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
