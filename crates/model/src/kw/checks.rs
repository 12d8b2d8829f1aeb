//! Keywords: `http-check` and `tcp-check` rules (haproxy's tcpcheck
//! rulesets): rule dispatch, the ordering constraints between connect,
//! send and expect steps, the implicit send rule of `option httpchk`, and
//! the post-parse warning for rules whose check option is missing.

#[path = "checks_args.rs"]
mod args;

use crate::cx::Cx;
use crate::ir::checks::{CheckAction, CheckRule};
use crate::ir::proxy::{CheckKind, Proxy};
use crate::kw::proxy::{cur_proxy, too_many_args, warn_if_not_cap, Need};
use crate::registry::{Keyword, Sections, Support};
use args::Family;
use syntax::{Diagnostic, Line};

pub(crate) static KEYWORDS: &[Keyword] = &[
    Keyword {
        name: "http-check",
        sections: Sections::PROXY,
        support: Support::Supported,
        lower: lower_http_check,
        summary: "HTTP health-check rules (connect, send, expect, ...)",
    },
    Keyword {
        name: "tcp-check",
        sections: Sections::PROXY,
        support: Support::Supported,
        lower: lower_tcp_check,
        summary: "TCP health-check rules (connect, send, expect, ...)",
    },
];

fn lower_http_check(cx: &mut Cx, line: &Line) {
    lower(cx, line, Family::Http);
}

fn lower_tcp_check(cx: &mut Cx, line: &Line) {
    lower(cx, line, Family::Tcp);
}

fn family_name(fam: Family) -> &'static str {
    match fam {
        Family::Http => "http-check",
        Family::Tcp => "tcp-check",
    }
}

/// The rule keyword's action, `None` when the family does not know it.
fn action_of(fam: Family, rule: &str) -> Option<CheckAction> {
    let var = ["set-var(", "set-var-fmt(", "unset-var("];
    match rule {
        "comment" => Some(CheckAction::Comment),
        "connect" => Some(CheckAction::Connect),
        "expect" => Some(CheckAction::Expect),
        "send" => Some(CheckAction::Send),
        "send-lf" | "send-binary" | "send-binary-lf" if fam == Family::Tcp => {
            Some(CheckAction::Send)
        }
        "set-var" | "set-var-fmt" | "unset-var" => Some(CheckAction::Var),
        _ if var.iter().any(|v| rule.starts_with(v)) => Some(CheckAction::Var),
        _ => None,
    }
}

/// haproxy's "'<family> <rule>' : <msg>." wrapper around rule errors.
fn rule_error(cx: &mut Cx, line: &Line, fam: Family, msg: &str) {
    let text = format!("'{} {}' : {msg}.", family_name(fam), line.word(1));
    cx.parse_fatal(line, text);
}

/// haproxy returns "warning" without a message after `warnifnotcap`, which
/// its printer renders as `(null)`.
fn null_warning(cx: &mut Cx, line: &Line) {
    cx.parse_warn(line, "(null)");
}

fn lower(cx: &mut Cx, line: &Line, fam: Family) {
    let name = family_name(fam);
    let not_cap = warn_if_not_cap(cx, line, Need::Backend, name, "");
    let rule = line.word(1).into_owned();
    if fam == Family::Http && matches!(rule.as_str(), "disable-on-404" | "send-state") {
        if too_many_args(cx, line, 1, name) {
            return;
        }
        if let Some(px) = cur_proxy(cx) {
            match rule.as_str() {
                "send-state" => px.checks.send_state = true,
                _ => px.checks.disable_on_404 = true,
            }
        }
        if not_cap {
            null_warning(cx, line);
        }
        return;
    }
    let Some(action) = action_of(fam, &rule) else {
        let list = match fam {
            Family::Http => {
                "'disable-on-404', 'send-state', 'comment', 'connect', 'send', 'expect'"
            }
            Family::Tcp => "'comment', 'connect', 'send', 'send-binary', 'expect'",
        };
        let msg = format!("'{name}' only supports {list}, 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)'. but got '{rule}'");
        cx.parse_fatal(line, msg);
        return;
    };
    let rest = crate::kw::rules::words_from(line, 2);
    if let Err(e) = check_args(fam, action, &rule, &rest) {
        rule_error(cx, line, fam, &e);
        return;
    }
    if let Err(e) = add_rule(cx, line, fam, action, rest) {
        rule_error(cx, line, fam, &e);
        return;
    }
    if not_cap && fam == Family::Tcp {
        null_warning(cx, line);
    }
}

fn check_args(fam: Family, action: CheckAction, rule: &str, rest: &[String]) -> Result<(), String> {
    match action {
        CheckAction::Comment if rest.is_empty() => Err("expects a string as argument".into()),
        CheckAction::Comment => Ok(()),
        CheckAction::Connect => args::connect(fam, rest),
        CheckAction::Send if fam == Family::Http => args::http_send(rest),
        CheckAction::Send => args::tcp_send(rule, rest),
        CheckAction::Expect => args::expect(fam, rest),
        CheckAction::Var => check_var(rule),
    }
}

/// `set-var(<scope>.<name>)`, `set-var-fmt(...)`, `unset-var(...)`.
fn check_var(rule: &str) -> Result<(), String> {
    let (verb, inner) = match rule.split_once('(') {
        Some((v, r)) => (v, r.strip_suffix(')')),
        None => (rule, None),
    };
    let Some(inner) = inner else {
        return Err(format!("'{verb}' : invalid or incomplete action '{rule}'. Expects 'set-var(<var-name>)', 'set-var-fmt(<var-name>)' or 'unset-var(<var-name>)'"));
    };
    let scopes = ["proc.", "sess.", "txn.", "req.", "res.", "check."];
    let ok = scopes
        .iter()
        .any(|s| inner.strip_prefix(s).is_some_and(|n| !n.is_empty()));
    if !ok {
        return Err(format!("'{verb}' : invalid variable name '{inner}'. A variable name must be start by its scope. The scope can be 'proc', 'sess', 'txn', 'req', 'res' or 'check'"));
    }
    Ok(())
}

const FIRST_CONNECT: &str = "first step MUST also be a 'connect', optionally preceded by a 'set-var', an 'unset-var' or a 'comment', when there is a 'connect' step in the tcp-check ruleset";

/// Appends a parsed rule to its ruleset, enforcing haproxy's ordering.
fn add_rule(
    cx: &mut Cx,
    line: &Line,
    fam: Family,
    action: CheckAction,
    args: Vec<String>,
) -> Result<(), String> {
    let implicit = implicit_send_here(cx);
    let Some(px) = cur_proxy(cx) else {
        return Ok(());
    };
    let ck = &mut px.checks;
    let (own, list) = match fam {
        Family::Http => (&mut ck.own_http, &mut ck.http),
        Family::Tcp => (&mut ck.own_tcp, &mut ck.tcp),
    };
    if !*own {
        // The proxy's own ruleset replaces the inherited one.
        list.clear();
    }
    if fam == Family::Http && implicit && !list.iter().any(|r| r.implicit) && list.is_empty() {
        list.push(CheckRule {
            span: line.span,
            action: CheckAction::Send,
            keyword: "send".to_string(),
            args: Vec::new(),
            index: 0,
            implicit: true,
        });
    }
    // A connect step anywhere requires the ruleset to start with one (the
    // implicit send of `option httpchk` is placed after it).
    let first = list.iter().find(|r| r.action.is_step() && !r.implicit);
    if action == CheckAction::Connect && first.is_some_and(|r| r.action != CheckAction::Connect) {
        return Err(FIRST_CONNECT.to_string());
    }
    let last = list.last();
    let index = match last {
        Some(r) if !(r.implicit && fam == Family::Http) => r.index + 1,
        _ => 0,
    };
    if fam == Family::Http && action.is_step() {
        http_order(list, action, index)?;
    }
    *own = true;
    let kind = ruleset_kind(px);
    let used = match fam {
        Family::Http => matches!(kind, Some(CheckKind::Http { .. })),
        Family::Tcp => kind == Some(&CheckKind::TcpCheck),
    };
    let ck = &mut px.checks;
    let (unused, list) = match fam {
        Family::Http => (&mut ck.unused_http, &mut ck.http),
        Family::Tcp => (&mut ck.unused_tcp, &mut ck.tcp),
    };
    *unused |= !used;
    let rule = CheckRule {
        span: line.span,
        action,
        keyword: line.word(1).into_owned(),
        args,
        index,
        implicit: false,
    };
    let merge = fam == Family::Http
        && action == CheckAction::Send
        && list
            .iter()
            .find(|r| r.action.is_step())
            .is_some_and(|r| r.implicit);
    if merge {
        // The explicit send rule completes the one of `option httpchk`.
        list.retain(|r| !r.implicit);
        list.push(CheckRule { index: 0, ..rule });
    } else {
        list.push(rule);
    }
    Ok(())
}

/// haproxy's `tcpcheck_add_http_rule` checks against the last real step.
fn http_order(list: &[CheckRule], action: CheckAction, index: u32) -> Result<(), String> {
    let Some(last) = list.iter().rev().find(|r| r.action.is_step()) else {
        return Ok(());
    };
    if last.implicit {
        return Ok(());
    }
    let step = index + 1;
    match (last.action, action) {
        (l, CheckAction::Send) if l != CheckAction::Connect => Err(format!(
            "unable to add http-check send rule at step {step} (missing connect rule)."
        )),
        (CheckAction::Connect, CheckAction::Expect) => Err(format!(
            "unable to add http-check expect rule at step {step} (missing send rule)."
        )),
        (l, CheckAction::Connect) if l != CheckAction::Expect => Err(format!(
            "unable to add http-check connect rule at step {step} (missing expect rule)."
        )),
        _ => Ok(()),
    }
}

/// Whether `option httpchk` was declared in the current section, which put
/// an implicit send rule at the head of its http-check ruleset.
fn implicit_send_here(cx: &mut Cx) -> bool {
    let Some(px) = cur_proxy(cx) else {
        return false;
    };
    let Some(sec) = px.span else { return false };
    px.settings.check.as_ref().is_some_and(|c| {
        matches!(c.value, CheckKind::Http { .. })
            && c.span.file == sec.file
            && c.span.line > sec.line
    })
}

/// The kind of the tcp-check ruleset a proxy's health check runs, if any:
/// every check option but `external-check` installs one. A proxy without
/// backend capability copies its defaults' check option but not their
/// ruleset, so only an option of its own gives it one.
fn ruleset_kind(p: &Proxy) -> Option<&CheckKind> {
    let c = p.settings.check.as_ref()?;
    let declared_here = p
        .span
        .is_some_and(|sec| c.span.file == sec.file && c.span.line > sec.line);
    (c.value != CheckKind::External && (p.cap.backend || declared_here)).then_some(&c.value)
}

/// Post-parse, early in haproxy's per-proxy checks: http-check rules no
/// check option put to use, then `http-check disable-on-404` /
/// `send-state` (set here or inherited) on a proxy whose health check is a
/// tcp-check based one without an HTTP ruleset. An external check, or no
/// check at all, ignores the two flags silently.
pub fn check_http_rules(cx: &mut Cx, i: usize) {
    let Some(p) = cx.cfg.proxies.get(i).filter(|p| !p.settings.disabled) else {
        return;
    };
    let (ty, name) = (p.type_str(), p.name.clone());
    let mut msgs = Vec::new();
    if p.checks.unused_http {
        msgs.push(unused(
            ty,
            &name,
            "http-check rules without 'option httpchk'",
        ));
    }
    let tcpcheck_based = p
        .settings
        .check
        .as_ref()
        .is_some_and(|c| c.value != CheckKind::External);
    let http_ruleset = matches!(ruleset_kind(p), Some(CheckKind::Http { .. }));
    if tcpcheck_based && !http_ruleset {
        let flags = [
            ("disable-on-404", p.checks.disable_on_404),
            ("send-state", p.checks.send_state),
        ];
        for (flag, _) in flags.iter().filter(|(_, set)| *set) {
            msgs.push(format!(
                "'{flag}' will be ignored for {ty} '{name}' (requires 'option httpchk')."
            ));
        }
    }
    for m in msgs {
        cx.push(Diagnostic::warning(None, m));
    }
}

/// Post-parse, right after the missing timeouts: tcp-check rules no
/// `option tcp-check` put to use.
pub fn check_tcp_rules(cx: &mut Cx, i: usize) {
    let Some(p) = cx.cfg.proxies.get(i).filter(|p| !p.settings.disabled) else {
        return;
    };
    if p.checks.unused_tcp {
        let text = unused(
            p.type_str(),
            &p.name,
            "tcp-check rules without 'option tcp-check'",
        );
        cx.push(Diagnostic::warning(None, text));
    }
}

fn unused(ty: &str, name: &str, what: &str) -> String {
    format!("{ty} '{name}' uses {what}, so the rules are ignored.")
}

#[cfg(test)]
#[path = "checks_tests.rs"]
mod tests;
