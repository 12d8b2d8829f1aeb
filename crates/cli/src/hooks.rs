//! The few facts the check flow needs from other crates' APIs that are
//! still being written, each behind one small function so switching to the
//! real API is a one-line change here and nowhere else.

use model::Config;
use syntax::Span;

/// Whether the configuration has at least one listener (a `bind` in a
/// frontend or listen, a `stats socket`, peers or log-forward listeners):
/// without one, `-c` exits 2.
///
/// Interim: counts proxy `bind` lines only, until `model::check::has_listener`
/// (which also knows `stats socket` and the other listeners) lands.
pub fn has_listener(cfg: &Config) -> bool {
    cfg.proxies
        .iter()
        .any(|p| p.cap.frontend && !p.binds.is_empty())
}

/// Where global `quiet` was set: messages after it are not printed.
///
/// Interim: the IR does not expose `quiet` yet, so this is never set.
pub fn global_quiet(_cfg: &Config) -> Option<Span> {
    None
}

/// Whether global `zero-warning` is set (same as `-dW`).
///
/// Interim: the IR does not expose `zero-warning` yet.
pub fn global_zero_warning(_cfg: &Config) -> bool {
    false
}

/// Evaluates a `.if` condition for `-cc`: `Ok(true/false)` or haproxy's
/// error text (printed after `Failed to evaluate condition: `).
///
/// Interim: the syntax crate's condition evaluator has not landed yet.
pub fn eval_condition(_expr: &str, _env: &dyn syntax::Env) -> Result<bool, String> {
    Err("conditions are not evaluated by this build yet".to_string())
}
