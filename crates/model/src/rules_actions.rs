//! The rule actions haproxy 2.6.12 registers per rule family, in the order
//! its "expects ..." messages list them, and the argument checks of the
//! actions we validate (header names and values, variables, redirects).

use crate::host::Host;
use crate::logformat::parse_log_format;
use crate::sample_expr::{self, check_var_name, Source};
use crate::sample_types::Use;

pub const HTTP_REQUEST: &[&str] = &[
    "wait-for-handshake",
    "ot-group",
    "set-log-level",
    "set-nice",
    "use-service",
    "sc-inc-gpc(*)",
    "sc-inc-gpc0(*)",
    "sc-inc-gpc1(*)",
    "sc-set-gpt(*)",
    "sc-set-gpt0(*)",
    "send-spoe-group",
    "do-resolve(*)",
    "cache-use",
    "add-acl(*)",
    "add-header",
    "allow",
    "auth",
    "capture",
    "del-acl(*)",
    "del-header",
    "del-map(*)",
    "deny",
    "disable-l7-retry",
    "early-hint",
    "normalize-uri",
    "redirect",
    "reject",
    "replace-header",
    "replace-path",
    "replace-pathq",
    "replace-uri",
    "replace-value",
    "return",
    "set-header",
    "set-map(*)",
    "set-method",
    "set-path",
    "set-pathq",
    "set-query",
    "set-uri",
    "strict-mode",
    "tarpit",
    "track-sc(*)",
    "set-timeout",
    "wait-for-body",
    "set-var-fmt(*)",
    "set-var(*)",
    "unset-var(*)",
    "set-dst",
    "set-dst-port",
    "set-mark",
    "set-src",
    "set-src-port",
    "set-tos",
    "silent-drop",
    "set-priority-class",
    "set-priority-offset",
];

pub const HTTP_RESPONSE: &[&str] = &[
    "ot-group",
    "set-log-level",
    "set-nice",
    "sc-inc-gpc(*)",
    "sc-inc-gpc0(*)",
    "sc-inc-gpc1(*)",
    "sc-set-gpt(*)",
    "sc-set-gpt0(*)",
    "send-spoe-group",
    "cache-store",
    "add-acl(*)",
    "add-header",
    "allow",
    "capture",
    "del-acl(*)",
    "del-header",
    "del-map(*)",
    "deny",
    "redirect",
    "replace-header",
    "replace-value",
    "return",
    "set-header",
    "set-map(*)",
    "set-status",
    "strict-mode",
    "track-sc(*)",
    "wait-for-body",
    "set-var-fmt(*)",
    "set-var(*)",
    "unset-var(*)",
    "set-mark",
    "set-tos",
    "silent-drop",
];

pub const HTTP_AFTER_RESPONSE: &[&str] = &[
    "ot-group",
    "add-header",
    "allow",
    "capture",
    "del-header",
    "replace-header",
    "replace-value",
    "set-header",
    "set-status",
    "strict-mode",
    "set-var-fmt(*)",
    "set-var(*)",
    "unset-var(*)",
];

/// `tcp-request content` (the connection and session lists are subsets
/// we accept with the same table).
pub const TCP_CONTENT: &[&str] = &[
    "accept",
    "reject",
    "capture",
    "expect-proxy",
    "expect-netscaler-cip",
    "track-sc0",
    "track-sc1",
    "track-sc2",
    "ot-group",
    "set-log-level",
    "set-nice",
    "switch-mode",
    "use-service",
    "sc-inc-gpc(*)",
    "sc-inc-gpc0(*)",
    "sc-inc-gpc1(*)",
    "sc-set-gpt(*)",
    "sc-set-gpt0(*)",
    "send-spoe-group",
    "do-resolve(*)",
    "set-var-fmt(*)",
    "set-var(*)",
    "unset-var(*)",
    "set-src",
    "set-src-port",
    "set-dst",
    "set-dst-port",
    "set-mark",
    "set-tos",
    "silent-drop",
    "set-priority-class",
    "set-priority-offset",
    "close",
];

/// The table entry an action word matches: exact names, `name(*)` for
/// `name(<arg>)`, and `track-sc(*)` for `track-sc0..2`.
pub fn lookup(table: &'static [&'static str], action: &str) -> Option<&'static str> {
    table.iter().copied().find(|e| match e.strip_suffix("(*)") {
        Some("track-sc") => matches!(action, "track-sc0" | "track-sc1" | "track-sc2"),
        Some(base) => action
            .strip_prefix(base)
            .is_some_and(|r| r.starts_with('(') || r.is_empty()),
        None => *e == action,
    })
}

/// Whether haproxy runs the action through Lua, SPOE, caches or DNS, which
/// portcullis cannot represent.
pub fn needs_unsupported_engine(action: &str) -> bool {
    action.starts_with("lua.")
        || matches!(
            action,
            "use-service" | "send-spoe-group" | "cache-use" | "cache-store" | "ot-group"
        )
        || action.starts_with("do-resolve")
}

/// The services haproxy 2.6.12 (Debian's build) registers for `use-service`
/// besides the `lua.*` ones a loaded Lua file may add.
const SERVICES: &[&str] = &["prometheus-exporter"];

/// haproxy's `stream_parse_use_service`: the service must be named and
/// registered. `head` holds the first two words of the array haproxy hands
/// the parser, which its messages quote (`use-service <name>` for an HTTP
/// rule, `tcp-request content` for a TCP one); `lua` says whether a Lua
/// file was loaded, whose services we cannot know, so a `lua.*` name is
/// only unknown when none was. Returns whether the service is a Lua one.
pub fn check_service(
    head: [&str; 2],
    name: Option<&str>,
    http: bool,
    lua: bool,
) -> Result<bool, String> {
    let name = match name {
        Some(n) if !n.is_empty() => n,
        _ => return Err(format!("'{}' expects a service name.", head[0])),
    };
    if lua && name.starts_with("lua.") {
        return Ok(true);
    }
    if !SERVICES.contains(&name) {
        return Err(format!("'{}' unknown service name.", head[1]));
    }
    if !http {
        return Err(
            "Prometheus exporter service only available on 'http-request' rulesets".to_string(),
        );
    }
    Ok(false)
}

/// Checks the arguments of `action` (the words after it, before any
/// condition); `ctx` is where samples are evaluated. Returns haproxy's
/// message on error.
pub fn check_args(host: &dyn Host, action: &str, args: &[String], ctx: Use) -> Result<(), String> {
    let lf = |s: &str| parse_log_format(host, s, ctx);
    match action {
        "set-header" | "add-header" | "replace-path" | "replace-pathq" | "replace-uri" => {
            if args.len() != 2 {
                return Err("expects exactly 2 arguments".to_string());
            }
            if action.ends_with("header") {
                lf(&args[1])?;
            }
        }
        "replace-header" | "replace-value" if args.len() != 3 => {
            return Err("expects exactly 3 arguments".to_string());
        }
        "set-path" | "set-pathq" | "set-query" | "set-uri" | "set-method" => {
            if args.len() != 1 {
                return Err("expects exactly 1 argument".to_string());
            }
            lf(&args[0])?;
        }
        "redirect" => check_redirect(args)?,
        _ if action.starts_with("set-var(") || action.starts_with("unset-var(") => {
            check_var_action(host, action, args)?
        }
        _ => {}
    }
    Ok(())
}

fn check_var_action(host: &dyn Host, action: &str, args: &[String]) -> Result<(), String> {
    let inner = action
        .split_once('(')
        .map(|(_, r)| r.trim_end_matches(')'))
        .unwrap_or("");
    check_var_name(inner)?;
    if action.starts_with("set-var(") {
        let mut idx = 0;
        let src = Source {
            words: args,
            idx: &mut idx,
            endptr: false,
        };
        sample_expr::parse(host, src)?;
    }
    Ok(())
}

fn check_redirect(args: &[String]) -> Result<(), String> {
    let mut i = 0;
    while let Some(w) = args.get(i) {
        match w.as_str() {
            "location" | "prefix" | "scheme" | "code" | "set-cookie" | "clear-cookie" => i += 2,
            "drop-query" | "ignore-empty" | "append-slash" => i += 1,
            other => {
                return Err(format!("expects 'code', 'prefix', 'location', 'scheme', 'set-cookie', 'clear-cookie', 'drop-query', 'ignore-empty' or 'append-slash' (was '{other}')"));
            }
        }
    }
    Ok(())
}

/// How many words of `args` the action takes before a condition.
pub fn split_condition(args: &[String]) -> usize {
    args.iter()
        .position(|w| w == "if" || w == "unless")
        .unwrap_or(args.len())
}
