//! Lowering of the backend and server selection keywords: `default_backend`,
//! `use_backend`, `use-server`, `force-persist`, `ignore-persist` and
//! `dispatch`, with haproxy's condition messages.

use super::{cur_proxy, reject_in_defaults, set, too_many_args, warn_if_not_cap, words_from, Need};
use crate::acl_cond::parse_condition;
use crate::acl_conflicts::{self, Style};
use crate::cx::Cx;
use crate::ir::proxy::{At, PersistRule, UseBackend, UseServer};
use crate::ir::rules::Condition;
use crate::sample_types::Use;
use syntax::Line;

pub(super) fn default_backend(cx: &mut Cx, line: &Line) {
    warn_if_not_cap(cx, line, Need::Frontend, "default_backend", "");
    if line.word(1).is_empty() {
        cx.parse_fatal(line, "'default_backend' expects a backend name.");
        return;
    }
    if too_many_args(cx, line, 1, "default_backend") {
        return;
    }
    let value = line.word(1).into_owned();
    let span = line.span;
    set(cx, |s| s.default_backend = Some(At { value, span }));
}

pub(super) fn use_backend(cx: &mut Cx, line: &Line) {
    if reject_in_defaults(cx, line, false) {
        return;
    }
    warn_if_not_cap(cx, line, Need::Frontend, "use_backend", "");
    if line.word(1).is_empty() {
        cx.parse_fatal(line, "'use_backend' expects a backend name.");
        return;
    }
    let first = line.word(2).into_owned();
    if !first.is_empty() && first != "if" && first != "unless" {
        let msg = format!(
            "unexpected keyword '{first}' after switching rule, only 'if' and 'unless' are allowed."
        );
        cx.parse_fatal(line, msg);
        return;
    }
    let cond = match parse_condition(cx, line, 2) {
        Ok(c) => c,
        Err(e) => {
            cx.parse_fatal(
                line,
                format!("error detected while parsing switching rule : {e}."),
            );
            return;
        }
    };
    acl_conflicts::warn(cx, line, cond.as_ref(), &[Use::FeUseBackend], Style::Proxy);
    let rule = UseBackend {
        target: line.word(1).into_owned(),
        cond,
        span: line.span,
    };
    if let Some(px) = cur_proxy(cx) {
        px.use_backends.push(rule);
    }
}

/// `use-server`, `force-persist`, `ignore-persist` (conditional rules) and
/// `dispatch` (kept as words); refused in defaults like haproxy.
pub(super) fn extra_rule(cx: &mut Cx, line: &Line) {
    if reject_in_defaults(cx, line, false) {
        return;
    }
    let kw = line.word(0).into_owned();
    warn_if_not_cap(cx, line, Need::Backend, &kw, "");
    match kw.as_str() {
        "use-server" => use_server(cx, line),
        "force-persist" | "ignore-persist" => persist_rule(cx, line, kw == "force-persist"),
        _ => {
            if let Some(px) = cur_proxy(cx) {
                px.extra_rules.push(words_from(line, 0));
            }
        }
    }
}

/// The mandatory `{if|unless} <cond>` of `use-server` and the persist
/// rules, starting at word `at`; `what` completes haproxy's error.
fn required_condition(cx: &mut Cx, line: &Line, at: usize, what: &str) -> Option<Condition> {
    let first = line.word(at);
    if first != "if" && first != "unless" {
        let msg = format!(
            "'{}' requires either 'if' or 'unless' followed by a condition.",
            line.word(0)
        );
        cx.parse_fatal(line, msg);
        return None;
    }
    match parse_condition(cx, line, at) {
        Ok(c) => Some(c.unwrap_or_default()),
        Err(e) => {
            cx.parse_fatal(line, format!("error detected while parsing {what} : {e}."));
            None
        }
    }
}

fn use_server(cx: &mut Cx, line: &Line) {
    if line.word(1).is_empty() {
        cx.parse_fatal(line, "'use-server' expects a server name.");
        return;
    }
    let Some(cond) = required_condition(cx, line, 2, "switching rule") else {
        return;
    };
    acl_conflicts::warn(cx, line, Some(&cond), &[Use::BeUseServer], Style::Proxy);
    let rule = UseServer {
        span: line.span,
        server: line.word(1).into_owned(),
        cond,
    };
    if let Some(px) = cur_proxy(cx) {
        px.use_servers.push(rule);
    }
}

fn persist_rule(cx: &mut Cx, line: &Line, force: bool) {
    let what = format!("a '{}' rule", line.word(0));
    let Some(cond) = required_condition(cx, line, 1, &what) else {
        return;
    };
    acl_conflicts::warn(cx, line, Some(&cond), &[Use::BeTcpContent], Style::Proxy);
    let rule = PersistRule {
        span: line.span,
        force,
        cond,
    };
    if let Some(px) = cur_proxy(cx) {
        px.persist_rules.push(rule);
    }
}
