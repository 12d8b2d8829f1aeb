//! Keywords: the proxy `stats` statement (haproxy's `uri_auth`: enable,
//! uri, realm, auth, scope, refresh, admin, http-request, hide-version,
//! show-*), its defaults-section refusals, and the post-parse checks
//! (HTTP mode required, auth/realm exclusive with http-request).

use crate::acl_cond::parse_condition;
use crate::cx::Cx;
use crate::ir::checks::{StatsPage, StatsRule};
use crate::ir::proxy::Mode;
use crate::kw::proxy::{cur_proxy, in_defaults};
use crate::registry::{Keyword, Sections, Support};
use crate::rules_actions::{self as act, check_args, lookup, split_condition};
use crate::sample_types::Use;
use crate::units::{parse_time, TimeError, TimeUnit};
use syntax::{Diagnostic, Line};

pub(crate) static KEYWORDS: &[Keyword] = &[Keyword {
    name: "stats",
    sections: Sections::PROXY,
    support: Support::Supported,
    lower: lower_stats,
    summary: "statistics page (enable, uri, realm, auth, scope, admin, http-request...)",
}];

/// `parsing [f:l]: msg` (no space before the colon) as a fatal alert.
fn fatal_compact(cx: &mut Cx, line: &Line, msg: impl AsRef<str>) {
    let text = format!("parsing [{}]: {}", cx.loc(line), msg.as_ref());
    cx.push(Diagnostic::fatal(Some(line.span), text));
}

fn warn_compact(cx: &mut Cx, line: &Line, msg: impl AsRef<str>) {
    let text = format!("parsing [{}]: {}", cx.loc(line), msg.as_ref());
    cx.push(Diagnostic::warning(Some(line.span), text));
}

/// The proxy's page, detached from the defaults section's on first use.
fn page<'c>(cx: &'c mut Cx, line: &Line) -> Option<&'c mut StatsPage> {
    let px = cur_proxy(cx)?;
    let st = &mut px.stats;
    if st.inherited {
        *st = StatsPage::default();
    }
    st.span.get_or_insert(line.span);
    Some(st)
}

fn lower_stats(cx: &mut Cx, line: &Line) {
    let sub = line.word(1).into_owned();
    let arg = line.word(2).into_owned();
    match sub.as_str() {
        "admin" => stats_admin(cx, line),
        "http-request" => stats_http_request(cx, line),
        "uri" | "realm" | "auth" | "scope" if arg.is_empty() => {
            let what = match sub.as_str() {
                "uri" => "an URI prefix",
                "realm" => "an realm name",
                "auth" => "a user:password account",
                _ => "a proxy name",
            };
            cx.parse_fatal(line, format!("'{sub}' needs {what}."));
        }
        "refresh" => stats_refresh(cx, line, &arg),
        "show-node" if !arg.is_empty() && !valid_node(&arg) => {
            fatal_compact(cx, line, "'stats show-node' invalid node name - should be a stringwith digits(0-9), letters(A-Z, a-z), hyphen(-) or underscode(_).");
        }
        "uri" | "realm" | "auth" | "scope" | "enable" | "hide-version" | "show-legends"
        | "show-modules" | "show-node" | "show-desc" => set_simple(cx, line, &sub),
        _ => {
            let (what, w) = if sub.is_empty() {
                ("missing keyword in", "stats")
            } else {
                ("unknown stats parameter", sub.as_str())
            };
            fatal_compact(cx, line, format!("{what} '{w}', expects 'admin', 'uri', 'realm', 'auth', 'scope', 'enable', 'hide-version', 'show-node', 'show-desc' or 'show-legends'."));
        }
    }
}

/// haproxy accepts node names made of letters, digits, `_`, `-` and `.`.
fn valid_node(name: &str) -> bool {
    name.bytes()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
}

/// The sub-keywords that only set a value.
fn set_simple(cx: &mut Cx, line: &Line, sub: &str) {
    let arg = line.word(2).into_owned();
    if sub == "show-desc" && arg.is_empty() && cx.cfg.global.description.is_none() {
        warn_compact(
            cx,
            line,
            "'show-desc' requires a parameter or 'desc' to be set in the global section.",
        );
    }
    // `show-desc` joins all its words, the others take one.
    let desc = crate::kw::rules::words_from(line, 2).join(" ");
    let Some(st) = page(cx, line) else { return };
    match sub {
        "uri" => st.uri = Some(arg),
        "realm" => st.realm = Some(arg),
        "auth" => st.auths.push(arg),
        "scope" => st.scopes.push(arg),
        "enable" => st.enabled = true,
        "hide-version" => st.hide_version = true,
        "show-legends" => st.show_legends = true,
        "show-modules" => st.show_modules = true,
        "show-node" => st.show_node = Some(arg),
        _ => st.show_desc = Some(desc),
    }
}

fn stats_refresh(cx: &mut Cx, line: &Line, arg: &str) {
    let msg = match parse_time(arg, TimeUnit::S) {
        Ok(t) => {
            if let Some(st) = page(cx, line) {
                st.refresh_s = Some(t.value);
            }
            return;
        }
        Err(TimeError::Overflow) => format!("timer overflow in argument <{arg}> to stats refresh interval, maximum value is 2147483647 s (~68 years)."),
        Err(TimeError::Underflow) => format!("timer underflow in argument <{arg}> to stats refresh interval, minimum non-null value is 1 s."),
        // haproxy prints the NUL byte at the end of an empty value, which
        // cuts its message short right after the quote.
        Err(TimeError::Char(None, _)) => "unexpected character '".to_string(),
        Err(TimeError::Char(Some(c), _)) => {
            format!("unexpected character '{c}' in argument to stats refresh interval.")
        }
    };
    fatal_compact(cx, line, msg);
}

fn refuse_in_defaults(cx: &mut Cx, line: &Line, what: &str) -> bool {
    if in_defaults(cx) {
        fatal_compact(
            cx,
            line,
            format!("'{what}' not allowed in 'defaults' section."),
        );
        return true;
    }
    false
}

fn stats_admin(cx: &mut Cx, line: &Line) {
    if refuse_in_defaults(cx, line, "stats admin") {
        return;
    }
    if !matches!(line.word(2).as_ref(), "if" | "unless") {
        cx.parse_fatal(
            line,
            "'stats admin' requires either 'if' or 'unless' followed by a condition.",
        );
        return;
    }
    let cond = match parse_condition(cx, line, 2) {
        Ok(c) => c,
        Err(e) => {
            let msg = format!("error detected while parsing a 'stats admin' rule : {e}.");
            cx.parse_fatal(line, msg);
            return;
        }
    };
    let rule = StatsRule {
        span: line.span,
        action: "admin".to_string(),
        args: Vec::new(),
        cond,
    };
    if let Some(st) = page(cx, line) {
        st.admin.push(rule);
    }
}

/// `parsing [f:l]: msg` as an aborting alert, the form of haproxy's
/// `parse_http_req_cond` messages.
fn http_abort(cx: &mut Cx, line: &Line, msg: String) {
    let text = format!("parsing [{}]: {msg}", cx.loc(line));
    cx.push(Diagnostic::abort(Some(line.span), text));
}

/// `stats http-request <action> ...`: parsed like an `http-request` rule
/// (the words shifted by one), stored on the stats page.
fn stats_http_request(cx: &mut Cx, line: &Line) {
    if refuse_in_defaults(cx, line, "stats") {
        return;
    }
    let prev_unconditional = cur_proxy(cx)
        .map(|p| &p.stats)
        .filter(|s| !s.inherited)
        .and_then(|s| s.http_request.last())
        .is_some_and(|r| r.cond.is_none());
    if prev_unconditional {
        warn_compact(
            cx,
            line,
            "previous 'stats' action has no condition attached, further entries are NOOP.",
        );
    }
    let table = act::HTTP_REQUEST;
    let action = line.word(2).into_owned();
    if lookup(table, &action).is_none() && !action.starts_with("lua.") {
        let msg = crate::kw::rules::unknown_action("http-request", table, &action);
        http_abort(cx, line, msg);
        return;
    }
    let rest = crate::kw::rules::words_from(line, 3);
    let n = split_condition(&rest);
    let args = &rest[..n];
    if let Some(w) = stray_word(&action, args) {
        let msg = format!("'http-request {action}' expects either 'if' or 'unless' followed by a condition but found '{w}'.");
        http_abort(cx, line, msg);
        return;
    }
    let ctx = if crate::kw::rules::is_backend(cx) {
        Use::BeHttpRequest
    } else {
        Use::FeHttpRequest
    };
    if let Err(e) = check_args(cx.host, &action, args, ctx) {
        let desc = crate::kw::rules::proxy_desc(cx);
        let msg =
            format!("error detected in {desc} while parsing 'http-request {action}' rule : {e}.");
        let text = format!("parsing [{}] : {msg}", cx.loc(line));
        cx.push(Diagnostic::abort(Some(line.span), text));
        return;
    }
    let cond = match parse_condition(cx, line, 3 + n) {
        Ok(c) => c,
        Err(e) => {
            let text = format!("parsing [{}] : error detected while parsing an 'http-request {action}' condition : {e}.", cx.loc(line));
            cx.push(Diagnostic::abort(Some(line.span), text));
            return;
        }
    };
    let rule = StatsRule {
        span: line.span,
        action,
        args: args.to_vec(),
        cond,
    };
    if let Some(st) = page(cx, line) {
        st.http_request.push(rule);
    }
}

/// The first word an action without options does not take, which haproxy
/// reports as a misplaced condition (same rule as `http-request`).
fn stray_word<'a>(action: &str, args: &'a [String]) -> Option<&'a String> {
    const DENY_OPTS: &[&str] = &[
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
    match action {
        "allow" | "reject" | "silent-drop" | "disable-l7-retry" | "wait-for-handshake" => {
            args.first()
        }
        "deny" | "tarpit" => args.first().filter(|w| !DENY_OPTS.contains(&w.as_str())),
        _ => None,
    }
}

/// Post-parse checks of proxy `i`'s stats page, in haproxy's order.
pub fn check_proxy(cx: &mut Cx, i: usize) {
    let Some(p) = cx.cfg.proxies.get(i) else {
        return;
    };
    let st = &p.stats;
    if !st.is_set() || p.settings.disabled {
        return;
    }
    if p.settings.mode != Mode::Http {
        let text = format!(
            "'stats' statement ignored for {} '{}' as it requires HTTP mode.",
            p.type_str(),
            p.name
        );
        cx.push(Diagnostic::warning(None, text));
        return;
    }
    if !st.http_request.is_empty() && (!st.auths.is_empty() || st.realm.is_some()) {
        let text = format!(
            "proxy '{}': stats 'auth'/'realm' and 'http-request' can't be used at the same time.",
            p.name
        );
        cx.push(Diagnostic::fatal(None, text));
    }
}

#[cfg(test)]
#[path = "stats_tests.rs"]
mod tests;
