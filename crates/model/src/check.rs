//! Post-parse validation (haproxy's `check_config_validity`): backend
//! references, mode mismatches, missing timeouts, HTTP-only settings in tcp
//! proxies, fullconn; and the "has a listener" fact `-c` reports on.

#[path = "check_proxies.rs"]
mod proxies;

use crate::cx::Cx;
use crate::ir::Config;

pub fn check_config_validity(cx: &mut Cx) {
    for i in 0..cx.cfg.proxies.len() {
        proxies::check_proxy(cx, i);
    }
    proxies::compute_fullconn(&mut cx.cfg);
}

/// Whether the configuration has anything that listens: an enabled
/// frontend or listen with a `bind` (or the legacy address on its header).
/// The `stats socket`, peers and log-forward listeners are counted by their
/// owners once the IR carries them.
pub fn has_listener(cfg: &Config) -> bool {
    cfg.proxies.iter().any(|p| {
        p.cap.frontend && !p.settings.disabled && (!p.binds.is_empty() || p.legacy_addr.is_some())
    })
}

#[cfg(test)]
#[path = "proxy_tests.rs"]
mod tests;
