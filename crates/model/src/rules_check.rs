//! Post-parse checks of rules (haproxy's `check_config_validity`): `stick`
//! rules find their table and can key it, HTTP-only rules and captures in
//! a proxy that never speaks HTTP are ignored with a warning, and the rules
//! of a named defaults section are handed to the proxies using it.

use crate::cx::Cx;
use crate::ir::proxy::{Mode, Proxy, StickKind};
use crate::sample_types::SmpType;
use syntax::Diagnostic;

/// Proxy `i`, unless it is disabled (haproxy skips those).
fn enabled<'c>(cx: &'c Cx, i: usize) -> Option<&'c Proxy> {
    cx.cfg.proxies.get(i).filter(|p| !p.settings.disabled)
}

/// The `stick` rules of proxy `i` resolve their table.
pub fn check_stick_rules(cx: &mut Cx, i: usize) {
    let Some(px) = enabled(cx, i) else { return };
    for a in stick_refs(&cx.cfg.proxies, px) {
        cx.push(Diagnostic::fatal(None, a));
    }
}

/// HTTP-only rules of proxy `i` are ignored when it does not speak HTTP
/// (after the `stats` warning, as haproxy orders them).
pub fn check_http_only(cx: &mut Cx, i: usize) {
    let Some(px) = enabled(cx, i) else { return };
    for w in http_only(px) {
        cx.push(Diagnostic::warning(None, w));
    }
}

/// The key type of a table as a sample type (`stktable_types`).
fn key_type(name: &str) -> SmpType {
    match name {
        "ip" => SmpType::Ipv4,
        "ipv6" => SmpType::Ipv6,
        "integer" => SmpType::Sint,
        "string" => SmpType::Str,
        _ => SmpType::Bin,
    }
}

/// Whether a sample of type `out` can key a table of type `key`
/// (`stktable_compatible_sample`). haproxy 2.6 also casts a boolean to
/// binary (`c_int2bin`), checked with the real binary.
fn keys(out: SmpType, key: SmpType) -> bool {
    out.casts_to(key) || (out == SmpType::Bool && key == SmpType::Bin)
}

/// Every `stick` rule names an existing table (the proxy's own by
/// default) whose key type its sample can be cast to.
fn stick_refs(all: &[Proxy], px: &Proxy) -> Vec<String> {
    let mut out = Vec::new();
    for r in &px.stick_rules {
        let name = r.table.as_deref().unwrap_or(&px.name);
        let table = match &r.table {
            Some(t) => all
                .iter()
                .filter(|p| p.name == *t)
                .find_map(|p| p.rules.stick_table.as_ref()),
            None => px.rules.stick_table.as_ref(),
        };
        let what = if r.kind == StickKind::StoreResponse {
            "store table"
        } else {
            "stick-table"
        };
        match table {
            None => out.push(format!(
                "Proxy '{}': unable to find {what} '{name}'.",
                px.name
            )),
            Some(t) if !keys(r.out, key_type(&t.key_type)) => out.push(format!(
                "Proxy '{}': type of fetch not usable with type of {what} '{name}'.",
                px.name
            )),
            Some(_) => {}
        }
    }
    out
}

/// Whether the proxy speaks HTTP: `mode http`, or a tcp proxy that
/// upgrades with `tcp-request content switch-mode http`.
fn speaks_http(px: &Proxy) -> bool {
    px.settings.mode == Mode::Http
        || px
            .rules
            .rules
            .iter()
            .any(|r| r.family == "tcp-request content" && r.action == "switch-mode")
}

/// haproxy's warnings for HTTP-only rules in a proxy that is not HTTP.
/// Only the cookie capture is named: header captures stay silent.
fn http_only(px: &Proxy) -> Vec<String> {
    if speaks_http(px) {
        return Vec::new();
    }
    let (ty, name) = (px.type_str(), &px.name);
    let mut out = Vec::new();
    if px.rules.captures.iter().any(|c| c.kind == "cookie") {
        out.push(format!(
            "'capture' statement ignored for {ty} '{name}' as it requires HTTP mode."
        ));
    }
    let families = ["http-request", "http-response", "http-after-response"];
    for f in families {
        if px.rules.rules.iter().any(|r| r.family == f) {
            out.push(format!(
                "'{f}' rules ignored for {ty} '{name}' as they require HTTP mode."
            ));
        }
    }
    if !px.redirects.is_empty() {
        out.push(format!(
            "'redirect' rules ignored for {ty} '{name}' as they require HTTP mode."
        ));
    }
    out
}

/// The TCP/HTTP rules of a named defaults section run before the proxy's
/// own (haproxy 2.6 evaluates `defpx` rules first): they are prepended to
/// every proxy inheriting from it. Runs after the checks above, which
/// only consider a proxy's own rules, as haproxy does.
pub fn inherit_defaults_rules(cx: &mut Cx) {
    let cfg = &mut cx.cfg;
    for px in cfg.proxies.iter_mut() {
        let Some(def) = px.defaults.and_then(|d| cfg.defaults.get(d)) else {
            continue;
        };
        if !def.defines_rules || def.rules.rules.is_empty() {
            continue;
        }
        let mut rules = def.rules.rules.clone();
        rules.append(&mut px.rules.rules);
        px.rules.rules = rules;
    }
}

