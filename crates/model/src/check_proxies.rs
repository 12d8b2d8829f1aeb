//! Per-proxy post-parse checks of haproxy's `check_config_validity`
//! (HTTP-only settings in tcp proxies, listeners, backend references,
//! timeouts, log formats); `check::check_config_validity` calls them in
//! haproxy's order, between the checks other modules own.

use crate::cx::Cx;
use crate::ir::proxy::{LogFormat, Mode, Proxy};
use crate::logformat::parse_log_format;
use crate::rules_check::l6_warning;
use crate::sample_types::Use;
use syntax::{Diagnostic, SectionKind, Span};

fn px<'c>(cx: &'c Cx, i: usize) -> Option<&'c Proxy> {
    cx.cfg.proxies.get(i)
}

/// A proxy the checks apply to: haproxy skips disabled ones.
fn enabled<'c>(cx: &'c Cx, i: usize) -> Option<&'c Proxy> {
    px(cx, i).filter(|p| !p.settings.disabled)
}

/// `option httplog` / `httpslog` outside HTTP mode fall back to tcplog.
fn httplog_fallback(cx: &mut Cx, i: usize) {
    let Some(p) = enabled(cx, i) else { return };
    let Some(lf) = &p.settings.log_format else {
        return;
    };
    if p.settings.mode == Mode::Http {
        return;
    }
    let opt = match lf.value {
        LogFormat::Http { .. } => "httplog",
        LogFormat::Https => "httpslog",
        _ => return,
    };
    let text = format!(
        "parsing [{}] : 'option {opt}' not usable with {} '{}' (needs 'mode http'). Falling back to 'option tcplog'.",
        cx.loc_of(lf.span),
        p.type_str(),
        p.name
    );
    let span = Some(lf.span);
    cx.push(Diagnostic::warning(span, text));
    if let Some(lf) = cx
        .cfg
        .proxies
        .get_mut(i)
        .and_then(|p| p.settings.log_format.as_mut())
    {
        lf.value = LogFormat::Tcp;
    }
}

pub(super) fn no_bind(cx: &mut Cx, i: usize) {
    let Some(p) = enabled(cx, i) else { return };
    if p.cap.frontend && p.binds.is_empty() && p.legacy_addr.is_none() {
        let text = format!(
            "{} '{}' has no 'bind' directive. Please declare it as a backend if this was intended.",
            p.type_str(),
            p.name
        );
        cx.push(Diagnostic::warning(None, text));
    }
}

/// What a backend reference resolved to.
enum Target {
    Missing,
    Loop,
    Found(usize),
}

fn find_backend(cx: &Cx, i: usize, name: &str) -> Target {
    match cx.cfg.backend_index(name) {
        Some(j) if j == i => Target::Loop,
        Some(j) => Target::Found(j),
        None => Target::Missing,
    }
}

/// `default_backend` and `use_backend` targets exist, are not the proxy
/// itself, and an HTTP frontend does not switch to a TCP backend. A
/// `use_backend` name is first parsed as a log-format (evaluated with the
/// request headers); one with `%` parts is resolved per request instead,
/// and the others get the L6 warning of their condition after their own
/// message, rule by rule, as haproxy's loop prints them.
pub(super) fn backend_refs(cx: &mut Cx, i: usize) {
    let Some(p) = enabled(cx, i) else { return };
    let default = p.settings.default_backend.as_ref().map(|d| d.value.clone());
    let rules: Vec<(String, Span, Option<Diagnostic>)> = p
        .use_backends
        .iter()
        .map(|ub| {
            (
                ub.target.clone(),
                ub.span,
                l6_warning(p, ub.cond.as_ref(), ub.span, cx),
            )
        })
        .collect();
    if let Some(name) = default {
        resolve_backend(cx, i, &name, "default_backend");
    }
    for (target, span, l6) in rules {
        if let Err(e) = parse_log_format(cx.host, &target, Use::FeHttpRequest) {
            let at = cx.loc_of(span);
            let text =
                format!("Parsing [{at}]: failed to parse use_backend rule '{target}' : {e}.");
            cx.push(Diagnostic::fatal(None, text));
            continue;
        }
        if target.contains('%') {
            continue;
        }
        resolve_backend(cx, i, &target, "use_backend");
        if let Some(w) = l6 {
            cx.push(w);
        }
    }
}

fn resolve_backend(cx: &mut Cx, i: usize, name: &str, kw: &str) {
    let Some(p) = px(cx, i) else { return };
    let text = match find_backend(cx, i, name) {
        Target::Missing => format!(
            "Proxy '{}': unable to find required {kw}: '{name}'.",
            p.name
        ),
        Target::Loop => format!("Proxy '{}': loop detected for {kw}: '{name}'.", p.name),
        Target::Found(j) => match mode_mismatch(cx, p, j, kw) {
            Some(t) => t,
            None => return,
        },
    };
    cx.push(Diagnostic::fatal(None, text));
}

fn mode_mismatch(cx: &Cx, fe: &Proxy, j: usize, kw: &str) -> Option<String> {
    let be = cx.cfg.proxies.get(j)?;
    if fe.settings.mode != Mode::Http || be.settings.mode != Mode::Tcp {
        return None;
    }
    let at = |p: &Proxy| p.span.map(|s| cx.loc_of(s)).unwrap_or_default();
    let how = if kw == "default_backend" {
        "as its default backend"
    } else {
        "in a 'use_backend' rule"
    };
    Some(format!(
        "http {} '{}' ({}) tries to use incompatible tcp {} '{}' ({}) {how} (see 'mode').",
        fe.type_str(),
        fe.name,
        at(fe),
        be.type_str(),
        be.name,
        at(be)
    ))
}

pub(super) fn missing_timeouts(cx: &mut Cx, i: usize) {
    let Some(p) = enabled(cx, i) else { return };
    let t = &p.settings.timeouts;
    let set = |v: Option<u32>| v.is_some_and(|v| v != 0);
    let fe_missing = p.cap.frontend && !set(t.client);
    let be_missing = p.cap.backend
        && !p.servers.is_empty()
        && (!set(t.connect)
            || (!set(t.server) && (p.settings.mode == Mode::Http || !set(t.tunnel))));
    if !(fe_missing || be_missing) {
        return;
    }
    let text = format!(
        "missing timeouts for {} '{}'.\n   | While not properly invalid, you will certainly encounter various problems\n   | with such a configuration. To fix this, please ensure that all following\n   | timeouts are set to a non-zero value: 'client', 'connect', 'server'.",
        p.type_str(),
        p.name
    );
    cx.push(Diagnostic::warning(None, text));
}

pub(super) fn log_format_ignored(cx: &mut Cx, i: usize) {
    let Some(p) = enabled(cx, i) else { return };
    if p.kind == SectionKind::Defaults || !p.cap.frontend || !p.logs.is_empty() {
        return;
    }
    if p.settings.log_format.is_some() {
        let text = format!(
            "log format ignored for {} '{}' since it has no log address.",
            p.type_str(),
            p.name
        );
        cx.push(Diagnostic::warning(None, text));
    }
}

/// A backend without `fullconn` gets a tenth of the sum of the `maxconn`
/// of the frontends that can reach it (at least 1).
pub(super) fn compute_fullconn(cfg: &mut crate::ir::Config) {
    let mut totals = vec![0i64; cfg.proxies.len()];
    for fe in cfg.proxies.iter().filter(|p| p.cap.frontend) {
        let maxconn = fe.settings.maxconn.unwrap_or(0);
        let mut targets: Vec<&str> = fe.use_backends.iter().map(|u| u.target.as_str()).collect();
        if let Some(db) = &fe.settings.default_backend {
            targets.push(&db.value);
        }
        if fe.cap.backend {
            targets.push(&fe.name);
        }
        targets.sort_unstable();
        targets.dedup();
        for t in targets {
            if let Some(j) = cfg.backend_index(t) {
                if let Some(x) = totals.get_mut(j) {
                    *x += maxconn;
                }
            }
        }
    }
    for (p, tot) in cfg.proxies.iter_mut().zip(totals) {
        if p.cap.backend && p.settings.fullconn.is_none() {
            p.settings.fullconn = Some(((tot + 9) / 10).max(1));
        }
    }
}

/// HTTP-only settings in a tcp proxy are ignored with a warning each
/// (haproxy's `proxy_cfg_ensure_no_http`, first thing of its per-proxy
/// checks), and `option httplog` falls back to tcplog.
pub(super) fn ensure_no_http_settings(cx: &mut Cx, i: usize) {
    let Some(p) = enabled(cx, i).filter(|p| p.settings.mode != Mode::Http) else {
        return;
    };
    let (ty, name) = (p.type_str(), p.name.clone());
    let s = &p.settings;
    let mut msgs = Vec::new();
    if s.cookie.is_some() {
        msgs.push(format!(
            "cookie will be ignored for {ty} '{name}' (needs 'mode http')."
        ));
    }
    if s.monitor_uri.is_some() {
        msgs.push(format!(
            "monitor-uri will be ignored for {ty} '{name}' (needs 'mode http')."
        ));
    }
    if s.balance.as_ref().is_some_and(|b| b.is_layer7()) {
        msgs.push(format!(
            "Layer 7 hash not possible for {ty} '{name}' (needs 'mode http'). Falling back to round robin."
        ));
    }
    for m in msgs {
        cx.push(Diagnostic::warning(None, m));
    }
    httplog_fallback(cx, i);
}

/// HTTP-only options of a tcp proxy, warned about at the end of haproxy's
/// per-proxy checks.
pub(super) fn ensure_no_http_options(cx: &mut Cx, i: usize) {
    let Some(p) = enabled(cx, i).filter(|p| p.settings.mode != Mode::Http) else {
        return;
    };
    let (ty, name) = (p.type_str(), p.name.clone());
    let s = &p.settings;
    let mut opts: Vec<&str> = Vec::new();
    if s.forwardfor.is_some() {
        opts.push("forwardfor");
    }
    if s.originalto.is_some() {
        opts.push("originalto");
    }
    for o in crate::kw::options::BOOL_OPTS.iter().filter(|o| o.http_only) {
        if s.option(o.name) == Some(true) {
            opts.push(o.name);
        }
    }
    for o in opts {
        let text = format!("'option {o}' ignored for {ty} '{name}' as it requires HTTP mode.");
        cx.push(Diagnostic::warning(None, text));
    }
}
