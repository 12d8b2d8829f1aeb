//! Keywords: the general proxy keywords of defaults, frontend, backend and
//! listen sections, the section headers (see `proxy_header.rs`) and the
//! helpers every proxy keyword shares (current proxy, capability warnings).
//! The lowering functions are grouped in `proxy_general.rs`,
//! `proxy_switching.rs`, `proxy_lb.rs` and `proxy_legacy.rs`.

#[path = "proxy_general.rs"]
mod general;
#[path = "proxy_header.rs"]
mod header;
#[path = "proxy_lb.rs"]
mod lb;
#[path = "proxy_legacy.rs"]
mod legacy;
#[path = "proxy_switching.rs"]
mod switching;

pub use header::{close, open};

use crate::cx::{Current, Cx};
use crate::ir::Proxy;
use crate::registry::{Keyword, Sections, Support};
use syntax::{Diagnostic, Line};

const fn kw(
    name: &'static str,
    sections: Sections,
    lower: crate::registry::LowerFn,
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

const fn unsup(
    name: &'static str,
    lower: crate::registry::LowerFn,
    summary: &'static str,
) -> Keyword {
    Keyword {
        name,
        sections: Sections::PROXY,
        support: Support::Unsupported,
        lower,
        summary,
    }
}

const fn legacy(
    name: &'static str,
    lower: crate::registry::LowerFn,
    summary: &'static str,
) -> Keyword {
    Keyword {
        name,
        sections: Sections::PROXY,
        support: Support::Legacy,
        lower,
        summary,
    }
}

const fn rejected(name: &'static str, lower: crate::registry::LowerFn) -> Keyword {
    Keyword {
        name,
        sections: Sections::PROXY,
        support: Support::Rejected,
        lower,
        summary: "removed before haproxy 2.6",
    }
}

const P: Sections = Sections::PROXY;

pub(crate) static KEYWORDS: &[Keyword] = &[
    kw("mode", P, general::mode, "tcp or http processing"),
    kw("maxconn", P, general::maxconn, "frontend connection limit"),
    kw("backlog", P, general::backlog, "listen queue length"),
    kw(
        "fullconn",
        P,
        general::fullconn,
        "backend dynamic-limit reference",
    ),
    kw("retries", P, general::retries, "connection retries"),
    kw("retry-on", P, general::retry_on, "retry conditions"),
    kw(
        "default_backend",
        P,
        switching::default_backend,
        "backend used when no rule matches",
    ),
    kw(
        "use_backend",
        P,
        switching::use_backend,
        "conditional backend switching",
    ),
    kw(
        "use-server",
        P,
        switching::extra_rule,
        "conditional server selection",
    ),
    kw(
        "force-persist",
        P,
        switching::extra_rule,
        "force persistence on a condition",
    ),
    kw(
        "ignore-persist",
        P,
        switching::extra_rule,
        "ignore persistence on a condition",
    ),
    kw("description", P, general::description, "proxy description"),
    kw("id", P, general::id, "proxy numeric id"),
    kw("disabled", P, general::disabled, "disable the proxy"),
    kw("enabled", P, general::enabled, "enable the proxy"),
    kw("dispatch", P, switching::extra_rule, "fixed server address"),
    kw("errorfile", P, general::errorfile, "error page from a file"),
    kw(
        "errorfiles",
        P,
        general::errorfiles,
        "error pages from an http-errors section",
    ),
    kw("errorloc", P, general::errorloc, "error redirect (302)"),
    kw("errorloc302", P, general::errorloc, "error redirect (302)"),
    kw("errorloc303", P, general::errorloc, "error redirect (303)"),
    kw(
        "http-error",
        P,
        general::http_error,
        "custom error response",
    ),
    kw(
        "source",
        P,
        general::source,
        "source address for server connections",
    ),
    kw(
        "http-reuse",
        P,
        general::http_reuse,
        "server connection reuse",
    ),
    kw(
        "http-send-name-header",
        P,
        general::http_send_name_header,
        "server name header",
    ),
    kw(
        "load-server-state-from-file",
        P,
        general::load_server_state,
        "server state file use",
    ),
    kw(
        "server-state-file-name",
        P,
        general::server_state_file_name,
        "server state file name",
    ),
    kw(
        "max-keep-alive-queue",
        P,
        general::max_keep_alive_queue,
        "keep-alive queue limit",
    ),
    kw(
        "rate-limit sessions",
        P,
        general::rate_limit_sessions,
        "session rate limit",
    ),
    kw("rate-limit", P, general::rate_limit, "rate limits"),
    kw("monitor-uri", P, general::monitor_uri, "monitoring URI"),
    kw(
        "unique-id-format",
        P,
        general::unique_id_format,
        "unique id format",
    ),
    kw(
        "unique-id-header",
        P,
        general::unique_id_header,
        "unique id header",
    ),
    kw("log-tag", P, general::log_tag, "syslog tag"),
    kw("clitcpka-cnt", P, general::tcpka, "client keepalive probes"),
    kw(
        "clitcpka-idle",
        P,
        general::tcpka,
        "client keepalive idle time",
    ),
    kw(
        "clitcpka-intvl",
        P,
        general::tcpka,
        "client keepalive interval",
    ),
    kw("srvtcpka-cnt", P, general::tcpka, "server keepalive probes"),
    kw(
        "srvtcpka-idle",
        P,
        general::tcpka,
        "server keepalive idle time",
    ),
    kw(
        "srvtcpka-intvl",
        P,
        general::tcpka,
        "server keepalive interval",
    ),
    kw(
        "transparent",
        P,
        general::transparent,
        "deprecated: option transparent",
    ),
    kw("balance", P, lb::balance, "load-balancing algorithm"),
    kw("hash-type", P, lb::hash_type, "hashing method and function"),
    kw(
        "hash-balance-factor",
        P,
        lb::hash_balance_factor,
        "bounded-load consistent hashing",
    ),
    kw("cookie", P, lb::cookie, "cookie-based persistence"),
    kw("persist", P, lb::persist, "persist rdp-cookie"),
    unsup("compression", general::compression, "HTTP compression"),
    unsup("email-alert", general::email_alert, "email alerts"),
    unsup("filter", general::filter, "stream filters"),
    unsup("use-fcgi-app", general::use_fcgi_app, "FastCGI application"),
    legacy(
        "contimeout",
        legacy::legacy_timeout,
        "use 'timeout connect'",
    ),
    legacy("clitimeout", legacy::legacy_timeout, "use 'timeout client'"),
    legacy("srvtimeout", legacy::legacy_timeout, "use 'timeout server'"),
    legacy(
        "redispatch",
        legacy::legacy_redispatch,
        "use 'option redispatch'",
    ),
    rejected("reqrep", legacy::removed),
    rejected("reqirep", legacy::removed),
    rejected("reqdel", legacy::removed),
    rejected("reqidel", legacy::removed),
    rejected("reqdeny", legacy::removed),
    rejected("reqideny", legacy::removed),
    rejected("reqpass", legacy::removed),
    rejected("reqipass", legacy::removed),
    rejected("reqallow", legacy::removed),
    rejected("reqiallow", legacy::removed),
    rejected("reqtarpit", legacy::removed),
    rejected("reqitarpit", legacy::removed),
    rejected("reqadd", legacy::removed),
    rejected("rsprep", legacy::removed),
    rejected("rspirep", legacy::removed),
    rejected("rspdel", legacy::removed),
    rejected("rspidel", legacy::removed),
    rejected("rspdeny", legacy::removed),
    rejected("rspideny", legacy::removed),
    rejected("rspadd", legacy::removed),
    rejected("block", legacy::removed),
    rejected("monitor-net", legacy::removed),
];

/// haproxy's extra "did you mean" list for proxy sections
/// (`common_kw_list` in src/cfgparse-listen.c).
pub(crate) static COMMON_KEYWORDS: &[&str] = &[
    "listen",
    "frontend",
    "backend",
    "defaults",
    "server",
    "default-server",
    "server-template",
    "bind",
    "monitor-net",
    "monitor-uri",
    "mode",
    "id",
    "description",
    "disabled",
    "enabled",
    "acl",
    "dynamic-cookie-key",
    "cookie",
    "email-alert",
    "persist",
    "appsession",
    "load-server-state-from-file",
    "server-state-file-name",
    "max-session-srv-conns",
    "capture",
    "retries",
    "http-request",
    "http-response",
    "http-after-response",
    "http-send-name-header",
    "block",
    "redirect",
    "use_backend",
    "use-server",
    "force-persist",
    "ignore-persist",
    "force-persist",
    "stick-table",
    "stick",
    "stats",
    "option",
    "default_backend",
    "http-reuse",
    "monitor",
    "transparent",
    "maxconn",
    "backlog",
    "fullconn",
    "dispatch",
    "balance",
    "hash-type",
    "hash-balance-factor",
    "unique-id-format",
    "unique-id-header",
    "log-format",
    "log-format-sd",
    "log-tag",
    "log",
    "source",
    "usesrc",
    "error-log-format",
];

/// Runs `f` on the current proxy's settings.
pub(super) fn set(cx: &mut Cx, f: impl FnOnce(&mut crate::ir::proxy::Settings)) {
    if let Some(px) = cur_proxy(cx) {
        f(&mut px.settings);
    }
}

/// `parsing [f:l]: msg` (haproxy's compact prefix) as a fatal alert.
pub(super) fn compact_fatal(cx: &mut Cx, line: &Line, msg: &str) {
    let text = format!("parsing [{}]: {msg}", cx.loc(line));
    cx.push(Diagnostic::fatal(Some(line.span), text));
}

/// The proxy (or defaults section) lines are being lowered into.
pub(crate) fn cur_proxy<'c>(cx: &'c mut Cx) -> Option<&'c mut Proxy> {
    match cx.cur {
        Current::Defaults(i) => cx.cfg.defaults.get_mut(i),
        Current::Proxy(i) => cx.cfg.proxies.get_mut(i),
        _ => None,
    }
}

pub(crate) fn cur_proxy_ref<'c>(cx: &'c Cx) -> Option<&'c Proxy> {
    match cx.cur {
        Current::Defaults(i) => cx.cfg.defaults.get(i),
        Current::Proxy(i) => cx.cfg.proxies.get(i),
        _ => None,
    }
}

/// Whether lines go to a `defaults` section.
pub(crate) fn in_defaults(cx: &Cx) -> bool {
    matches!(cx.cur, Current::Defaults(_))
}

/// The side a keyword needs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    Frontend,
    Backend,
}

/// haproxy's `warnifnotcap`: the keyword is ignored (but still parsed) when
/// the proxy lacks the capability. Returns whether a warning was emitted.
pub(crate) fn warn_if_not_cap(
    cx: &mut Cx,
    line: &Line,
    need: Need,
    name: &str,
    hint: &str,
) -> bool {
    let Some(px) = cur_proxy_ref(cx) else {
        return false;
    };
    let has = match need {
        Need::Frontend => px.cap.frontend,
        Need::Backend => px.cap.backend,
    };
    if has {
        return false;
    }
    let side = if need == Need::Frontend {
        "frontend"
    } else {
        "backend"
    };
    let msg = format!(
        "'{name}' ignored because {} '{}' has no {side} capability.{hint}",
        px.type_str(),
        px.name
    );
    cx.parse_warn(line, msg);
    true
}

/// `'<kw>' not allowed in 'defaults' section.` (fatal); returns whether the
/// current section is a defaults section.
pub(crate) fn reject_in_defaults(cx: &mut Cx, line: &Line, compact_prefix: bool) -> bool {
    if !in_defaults(cx) {
        return false;
    }
    let msg = format!("'{}' not allowed in 'defaults' section.", line.word(0));
    if compact_prefix {
        let text = format!("parsing [{}]: {msg}", cx.loc(line));
        cx.push(syntax::Diagnostic::fatal(Some(line.span), text));
    } else {
        cx.parse_fatal(line, msg);
    }
    true
}

/// haproxy's `too_many_args(n, ...)`: `'<kw>' cannot handle unexpected
/// argument '<w>'.` when word `n + 1` exists. `kw` is the keyword as quoted.
pub(crate) fn too_many_args(cx: &mut Cx, line: &Line, n: usize, kw: &str) -> bool {
    let extra = line.word(n + 1);
    if extra.is_empty() {
        return false;
    }
    let msg = format!("'{kw}' cannot handle unexpected argument '{extra}'.");
    cx.parse_fatal(line, msg);
    true
}

/// Words `from..` as owned strings, up to the first empty word.
pub(crate) fn words_from(line: &Line, from: usize) -> Vec<String> {
    line.args()
        .iter()
        .skip(from)
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .collect()
}
