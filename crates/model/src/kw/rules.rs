//! Keywords: the rule families `http-request`, `http-response`,
//! `http-after-response`, `tcp-request` and `tcp-response`: the action is
//! looked up in the family's table (with haproxy's "did you mean"), its
//! arguments checked, the condition parsed, and the rule stored on the
//! proxy.

use crate::acl_cond::parse_condition;
use crate::acl_conflicts::{self, Style};
use crate::cx::Cx;
use crate::ir::rules::Rule;
use crate::kw::acl::{cur_proxy, in_anonymous_defaults};
use crate::registry::{best_match, Keyword, Sections, Support};
use crate::rules_actions::{self as act, check_args, lookup, split_condition};
use crate::rules_order::{misplaced, Stage};
use crate::sample_types::Use;
use syntax::{Diagnostic, Line};

const fn kw(
    name: &'static str,
    sections: Sections,
    lower: fn(&mut Cx, &Line),
    summary: &'static str,
) -> Keyword {
    Keyword {
        name,
        sections,
        support: Support::Supported,
        lower,
        summary,
    }
}

pub(crate) static KEYWORDS: &[Keyword] = &[
    kw(
        "http-request",
        Sections::PROXY,
        lower_http_request,
        "HTTP request rules",
    ),
    kw(
        "http-response",
        Sections::PROXY,
        lower_http_response,
        "HTTP response rules",
    ),
    kw(
        "http-after-response",
        Sections::PROXY,
        lower_http_after,
        "rules on every HTTP response",
    ),
    kw(
        "tcp-request",
        Sections::PROXY,
        crate::rules_tcp::lower_tcp_request,
        "TCP request rules and inspect-delay",
    ),
    kw(
        "tcp-response",
        Sections::PROXY,
        crate::rules_tcp::lower_tcp_response,
        "TCP response rules and inspect-delay",
    ),
];

/// Words of the line from `from`, as text.
/// haproxy's alert for an action missing from a rule family's table, with
/// the table and its "did you mean" hint.
pub(crate) fn unknown_action(family: &str, table: &[&str], action: &str) -> String {
    let list: Vec<String> = table.iter().map(|a| format!("'{a}'")).collect();
    let mut msg = format!("'{family}' expects {}, but got '{action}'", list.join(", "));
    if action.is_empty() {
        msg.push_str(" (missing argument).");
    } else {
        let names = table.iter().map(|a| a.trim_end_matches("(*)"));
        match best_match(action, names) {
            Some(b) => msg.push_str(&format!(". Did you mean '{b}' maybe ?")),
            None => msg.push('.'),
        }
    }
    msg
}

pub(crate) fn words_from(line: &Line, from: usize) -> Vec<String> {
    line.args()
        .iter()
        .skip(from)
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .collect()
}

/// The `'<kw>' not allowed in anonymous 'defaults' section.` refusal.
pub(crate) fn refuse_anonymous_defaults(cx: &mut Cx, line: &Line) -> bool {
    if !in_anonymous_defaults(cx) {
        return false;
    }
    let msg = format!(
        "'{}' not allowed in anonymous 'defaults' section.",
        line.word(0)
    );
    cx.parse_fatal(line, msg);
    true
}

/// haproxy's "rule placed after" warning for a rule of `stage` about to be
/// added to the current proxy (`crate::rules_order`).
pub(crate) fn warn_misplaced(cx: &mut Cx, line: &Line, stage: Stage, what: &str) {
    if let Some(msg) = cur_proxy(cx).and_then(|p| misplaced(p, stage, what)) {
        cx.parse_warn(line, msg);
    }
}

/// Stores a rule on the current proxy; a named defaults section that
/// defines rules is remembered as such.
pub(crate) fn store(cx: &mut Cx, rule: Rule) {
    if let Some(px) = cur_proxy(cx) {
        px.defines_rules |= px.kind == syntax::SectionKind::Defaults;
        px.rules.rules.push(rule);
    }
}

fn lower_http_request(cx: &mut Cx, line: &Line) {
    let ctx = if is_backend(cx) {
        Use::BeHttpRequest
    } else {
        Use::FeHttpRequest
    };
    lower_http(cx, line, act::HTTP_REQUEST, ctx);
}

fn lower_http_response(cx: &mut Cx, line: &Line) {
    let ctx = if is_backend(cx) {
        Use::BeHttpResponse
    } else {
        Use::FeHttpResponse
    };
    lower_http(cx, line, act::HTTP_RESPONSE, ctx);
}

fn lower_http_after(cx: &mut Cx, line: &Line) {
    lower_http(cx, line, act::HTTP_AFTER_RESPONSE, Use::FeHttpResponse);
}

/// Whether the current proxy is a pure backend (sample contexts differ).
pub(crate) fn is_backend(cx: &mut Cx) -> bool {
    cur_proxy(cx).is_some_and(|p| !p.cap.frontend)
}

/// The proxy type and name as haproxy prints them in rule errors.
pub(crate) fn proxy_desc(cx: &mut Cx) -> String {
    match cur_proxy(cx) {
        Some(p) => format!("{} '{}'", p.type_str(), p.name),
        None => String::new(),
    }
}

/// `parsing [f:l]: msg` (no space before the colon) as an aborting alert,
/// the form of haproxy's `parse_http_req_cond` messages.
fn http_abort(cx: &mut Cx, line: &Line, msg: String) {
    let text = format!("parsing [{}]: {msg}", cx.loc(line));
    cx.push(Diagnostic::abort(Some(line.span), text));
}

fn lower_http(cx: &mut Cx, line: &Line, table: &'static [&'static str], ctx: Use) {
    if refuse_anonymous_defaults(cx, line) {
        return;
    }
    let family = line.word(0).into_owned();
    let action = line.word(1).into_owned();
    let lua = !cx.cfg.global.lua_loads.is_empty();
    if lookup(table, &action).is_none() && !(lua && action.starts_with("lua.")) {
        http_abort(cx, line, unknown_action(&family, table, &action));
        return;
    }
    let rest = words_from(line, 2);
    let n = split_condition(&rest);
    let args = &rest[..n];
    let mut lua_service = false;
    if action == "use-service" {
        let head = ["use-service", args.first().map_or("", String::as_str)];
        match act::check_service(head, args.first().map(String::as_str), true, lua) {
            Ok(is_lua) => lua_service = is_lua,
            Err(e) => {
                let desc = proxy_desc(cx);
                let msg = format!(
                    "error detected in {desc} while parsing '{family} {action}' rule : {e}."
                );
                let text = format!("parsing [{}] : {msg}", cx.loc(line));
                cx.push(Diagnostic::abort(Some(line.span), text));
                return;
            }
        }
    }
    if let Some(w) = stray_word(&action, args).filter(|_| !lua_service) {
        let msg = format!("'{family} {action}' expects either 'if' or 'unless' followed by a condition but found '{w}'.");
        http_abort(cx, line, msg);
        return;
    }
    if let Err(e) = check_args(cx.host, &action, args, ctx) {
        let desc = proxy_desc(cx);
        let msg = format!("error detected in {desc} while parsing '{family} {action}' rule : {e}.");
        let text = format!("parsing [{}] : {msg}", cx.loc(line));
        cx.push(Diagnostic::abort(Some(line.span), text));
        return;
    }
    let cond = match parse_condition(cx, line, 2 + n) {
        Ok(c) => c,
        Err(e) => {
            let text = format!("parsing [{}] : error detected while parsing an '{family} {action}' condition : {e}.", cx.loc(line));
            cx.push(Diagnostic::abort(Some(line.span), text));
            return;
        }
    };
    if family == "http-request" {
        warn_misplaced(cx, line, Stage::HttpRequest, "http-request");
    }
    let cap = cur_proxy(cx).map(|p| p.cap);
    let place = match (family.as_str(), cap) {
        ("http-request", Some(c)) if !c.frontend => Use::BeHttpRequest,
        ("http-request", _) => Use::FeHttpRequest,
        (_, Some(c)) if c.backend => Use::BeHttpResponse,
        _ => Use::FeHttpResponse,
    };
    acl_conflicts::warn(cx, line, cond.as_ref(), &[place], Style::Proxy);
    if act::needs_unsupported_engine(&action) {
        let msg = format!("'{family} {action}' is not supported by portcullis yet (the configuration is valid for haproxy 2.6; see docs/compat.md).");
        cx.parse_fatal(line, msg);
        return;
    }
    let rule = Rule {
        span: line.span,
        family,
        action,
        args: args.to_vec(),
        cond,
    };
    store(cx, rule);
}

/// The first word an action without such options does not take, which
/// haproxy reports as a misplaced condition.
fn stray_word<'a>(action: &str, args: &'a [String]) -> Option<&'a String> {
    let bare = [
        "allow",
        "reject",
        "silent-drop",
        "disable-l7-retry",
        "wait-for-handshake",
        "accept",
    ];
    let deny_opts = [
        "deny_status",
        "status",
        "content-type",
        "string",
        "lf-string",
        "file",
        "lf-file",
        "errorfile",
        "errorfiles",
        "hdr",
        "default-errorfiles",
    ];
    if bare.contains(&action) {
        return args.first();
    }
    if matches!(action, "deny" | "tarpit") {
        return args.first().filter(|w| !deny_opts.contains(&w.as_str()));
    }
    if action == "use-service" {
        return args.get(1);
    }
    None
}
