//! The facts the check flow takes from the other crates' APIs, each behind
//! one small function, so the flow reads in haproxy's terms and a change of
//! those APIs touches only this file.

use model::Config;
use syntax::Span;

/// Whether the configuration has at least one listener (a `bind` in a
/// frontend or listen, a `stats socket`, peers or log-forward listeners):
/// without one, `-c` exits 2.
pub fn has_listener(cfg: &Config) -> bool {
    model::check::has_listener(cfg)
}

/// Where global `quiet` starts silencing messages. The IR records `quiet`
/// without its line, so the first `global` header stands in for it:
/// `quiet` is almost always near the top of `global`, and messages of the
/// few lines between the two are then silenced too.
pub fn global_quiet(cfg: &Config) -> Option<Span> {
    if !cfg.global.quiet {
        return None;
    }
    Some(cfg.global.span.unwrap_or(Span {
        file: syntax::FileId(0),
        line: 0,
    }))
}

/// Whether global `zero-warning` is set (same as `-dW`).
pub fn global_zero_warning(cfg: &Config) -> bool {
    cfg.global.zero_warning
}

/// Evaluates a `.if` condition for `-cc`: `Ok(true/false)` or haproxy's
/// error text (printed after `Failed to evaluate condition: `).
pub fn eval_condition(expr: &str, env: &dyn syntax::Env) -> Result<bool, String> {
    syntax::eval_condition(expr, env)
}
