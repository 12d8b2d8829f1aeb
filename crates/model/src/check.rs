//! Post-parse validation (haproxy's `check_config_validity`): backend
//! references, mode mismatches, missing timeouts, HTTP-only settings in tcp
//! proxies, fullconn; and the "has a listener" fact `-c` reports on.

#[path = "check_proxies.rs"]
mod proxies;

use crate::cx::Cx;
use crate::ir::Config;

/// The per-proxy checks run in the order of haproxy 2.6's per-proxy loop
/// (checked with the real binary on proxies triggering all of them).
pub fn check_config_validity(cx: &mut Cx) {
    for i in 0..cx.cfg.proxies.len() {
        proxies::ensure_no_http_settings(cx, i);
        proxies::no_bind(cx, i);
        crate::kw::checks::check_http_rules(cx, i);
        crate::kw::external_check::check_proxy(cx, i);
        proxies::backend_refs(cx, i);
        crate::rules_check::check_rule_lists(cx, i);
        crate::kw::proxy_logformat::check_proxy(cx, i);
        proxies::missing_timeouts(cx, i);
        crate::kw::checks::check_tcp_rules(cx, i);
        crate::resolve::check_servers::check_proxy_servers(cx, i);
        proxies::log_format_ignored(cx, i);
        crate::kw::stats::check_proxy(cx, i);
        crate::rules_check::check_http_only(cx, i);
        proxies::ensure_no_http_options(cx, i);
        crate::resolve::check_servers::check_proxy_servers_mode(cx, i);
    }
    crate::resolve::check_servers::check_servers_late(cx);
    proxies::compute_fullconn(&mut cx.cfg);
    crate::rules_check::inherit_defaults_rules(cx);
}

/// Whether the configuration has anything that listens: an enabled
/// frontend or listen with a `bind` (or the legacy address on its header).
/// A `stats socket` counts as a listener, as in haproxy. Peers and
/// log-forward listeners would too, but those sections are refused as
/// unsupported before this question is asked.
pub fn has_listener(cfg: &Config) -> bool {
    !cfg.global.stats_sockets.is_empty()
        || cfg.proxies.iter().any(|p| {
            p.cap.frontend
                && !p.settings.disabled
                && (!p.binds.is_empty() || p.legacy_addr.is_some())
        })
}

#[cfg(test)]
#[path = "proxy_tests.rs"]
mod tests;
