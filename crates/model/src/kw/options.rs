//! Keywords: `option <name>` with its `no` / `default` modifiers: the
//! boolean options of haproxy's `cfg_opts` / `cfg_opts2` tables, the
//! connection modes, log formats, protocol checks and header options, plus a
//! catch-all `option` entry reporting unknown names with "did you mean".

#[path = "proxy_options.rs"]
mod args;

use super::proxy::{cur_proxy, too_many_args, warn_if_not_cap, Need};
use crate::cx::Cx;
use crate::registry::{Keyword, LowerFn, Sections, Support};
use syntax::{Diagnostic, Line, Modifier};

/// A boolean option: its name, the side it needs (`None`: both) and
/// whether it only works in HTTP mode (checked after parsing).
pub(crate) struct BoolOpt {
    pub name: &'static str,
    pub side: Option<Need>,
    pub http_only: bool,
}

const fn b(name: &'static str, side: Option<Need>, http_only: bool) -> BoolOpt {
    BoolOpt {
        name,
        side,
        http_only,
    }
}

const FE: Option<Need> = Some(Need::Frontend);
const BE: Option<Need> = Some(Need::Backend);

/// haproxy's `cfg_opts` then `cfg_opts2`, in their order (the order "did
/// you mean" candidates are tried in).
pub(crate) static BOOL_OPTS: &[BoolOpt] = &[
    b("abortonclose", BE, false),
    b("allbackups", BE, false),
    b("checkcache", BE, true),
    b("clitcpka", FE, false),
    b("contstats", FE, false),
    b("dontlognull", FE, false),
    b("http-buffer-request", None, true),
    b("http-ignore-probes", FE, true),
    b("idle-close-on-response", FE, true),
    b("prefer-last-server", BE, true),
    b("logasap", FE, false),
    b("nolinger", None, false),
    b("persist", BE, false),
    b("srvtcpka", BE, false),
    b("transparent", BE, false),
    b("splice-request", None, false),
    b("splice-response", None, false),
    b("splice-auto", None, false),
    b("accept-invalid-http-request", FE, true),
    b("accept-invalid-http-response", BE, true),
    b("dontlog-normal", FE, false),
    b("log-separate-errors", FE, false),
    b("log-health-checks", BE, false),
    b("socket-stats", FE, false),
    b("tcp-smart-accept", FE, false),
    b("tcp-smart-connect", BE, false),
    b("independent-streams", None, false),
    b("http-use-proxy-header", FE, true),
    b("http-pretend-keepalive", BE, true),
    b("http-no-delay", None, true),
    b("h1-case-adjust-bogus-client", FE, false),
    b("h1-case-adjust-bogus-server", BE, false),
    b("disable-h2-upgrade", FE, true),
];

/// haproxy's `common_options`, added to the "did you mean" candidates.
static COMMON_OPTIONS: &[&str] = &[
    "httpclose",
    "forceclose",
    "http-server-close",
    "http-keep-alive",
    "http-tunnel",
    "redispatch",
    "httplog",
    "tcplog",
    "tcpka",
    "httpchk",
    "ssl-hello-chk",
    "smtpchk",
    "pgsql-check",
    "redis-check",
    "mysql-check",
    "ldap-check",
    "spop-check",
    "tcp-check",
    "external-check",
    "forwardfor",
    "original-to",
];

const fn o(name: &'static str, lower: LowerFn, summary: &'static str) -> Keyword {
    Keyword {
        name,
        sections: Sections::PROXY,
        support: Support::Supported,
        lower,
        summary,
    }
}

pub(crate) static KEYWORDS: &[Keyword] = &[
    o(
        "option abortonclose",
        boolean,
        "abort queued requests on client close",
    ),
    o(
        "option allbackups",
        boolean,
        "use all backup servers at once",
    ),
    o(
        "option checkcache",
        boolean,
        "check responses for cacheable cookies",
    ),
    o("option clitcpka", boolean, "client-side TCP keepalive"),
    o("option contstats", boolean, "continuous traffic statistics"),
    o(
        "option dontlognull",
        boolean,
        "do not log empty connections",
    ),
    o(
        "option http-buffer-request",
        boolean,
        "wait for the request body",
    ),
    o(
        "option http-ignore-probes",
        boolean,
        "ignore empty pre-connects",
    ),
    o(
        "option idle-close-on-response",
        boolean,
        "close idle front connections on response",
    ),
    o(
        "option prefer-last-server",
        boolean,
        "reuse the last server",
    ),
    o(
        "option logasap",
        boolean,
        "log before the end of the stream",
    ),
    o("option nolinger", boolean, "no lingering on close"),
    o("option persist", boolean, "persist on down servers"),
    o("option srvtcpka", boolean, "server-side TCP keepalive"),
    o(
        "option transparent",
        boolean,
        "connect to the original destination",
    ),
    o(
        "option splice-request",
        boolean,
        "kernel splicing of requests",
    ),
    o(
        "option splice-response",
        boolean,
        "kernel splicing of responses",
    ),
    o("option splice-auto", boolean, "automatic kernel splicing"),
    o(
        "option accept-invalid-http-request",
        boolean,
        "relax request parsing",
    ),
    o(
        "option accept-invalid-http-response",
        boolean,
        "relax response parsing",
    ),
    o("option dontlog-normal", boolean, "log only errors"),
    o(
        "option log-separate-errors",
        boolean,
        "log errors at a higher level",
    ),
    o(
        "option log-health-checks",
        boolean,
        "log health check changes",
    ),
    o("option socket-stats", boolean, "per-listener statistics"),
    o("option tcp-smart-accept", boolean, "delayed accept"),
    o("option tcp-smart-connect", boolean, "delayed connect"),
    o(
        "option independent-streams",
        boolean,
        "independent read/write timeouts",
    ),
    o(
        "option http-use-proxy-header",
        boolean,
        "use Proxy-Connection",
    ),
    o(
        "option http-pretend-keepalive",
        boolean,
        "announce keep-alive to servers",
    ),
    o("option http-no-delay", boolean, "low-latency HTTP"),
    o(
        "option h1-case-adjust-bogus-client",
        boolean,
        "header case adjustment to clients",
    ),
    o(
        "option h1-case-adjust-bogus-server",
        boolean,
        "header case adjustment to servers",
    ),
    o(
        "option disable-h2-upgrade",
        boolean,
        "no HTTP/1 to HTTP/2 upgrade",
    ),
    o(
        "option httpclose",
        args::conn_mode,
        "close after each HTTP exchange",
    ),
    o(
        "option http-server-close",
        args::conn_mode,
        "close the server side after each response",
    ),
    o("option http-keep-alive", args::conn_mode, "HTTP keep-alive"),
    o("option forceclose", args::removed, "removed in 2.0"),
    o("option http-tunnel", args::removed, "removed in 2.1"),
    o(
        "option redispatch",
        args::redispatch,
        "redispatch on connection failure",
    ),
    o("option tcpka", args::tcpka, "TCP keepalive on both sides"),
    o("option httplog", args::httplog, "HTTP log format"),
    o("option httpslog", args::httpslog, "HTTPS log format"),
    o("option tcplog", args::tcplog, "TCP log format"),
    o("option httpchk", args::httpchk, "HTTP health checks"),
    o(
        "option ssl-hello-chk",
        args::simple_check,
        "SSLv3 hello health checks",
    ),
    o("option smtpchk", args::smtpchk, "SMTP health checks"),
    o(
        "option pgsql-check",
        args::pgsql_check,
        "PostgreSQL health checks",
    ),
    o(
        "option redis-check",
        args::simple_check,
        "Redis health checks",
    ),
    o(
        "option mysql-check",
        args::mysql_check,
        "MySQL health checks",
    ),
    o(
        "option ldap-check",
        args::simple_check,
        "LDAP health checks",
    ),
    o(
        "option spop-check",
        args::simple_check,
        "SPOP health checks",
    ),
    o(
        "option tcp-check",
        args::simple_check,
        "tcp-check rule based health checks",
    ),
    o(
        "option external-check",
        args::simple_check,
        "external command health checks",
    ),
    o(
        "option forwardfor",
        args::forwardfor,
        "X-Forwarded-For header",
    ),
    o(
        "option originalto",
        args::originalto,
        "X-Original-To header",
    ),
    o(
        "option http-restrict-req-hdr-names",
        args::restrict_hdr_names,
        "header name policy",
    ),
    o("option", unknown, "unknown option names are rejected"),
];

/// The option name (word 1).
fn name(line: &Line) -> String {
    line.word(1).into_owned()
}

/// `no`/`default` on an option that does not take them.
pub(crate) fn refuse_modifier(cx: &mut Cx, line: &Line) -> bool {
    if line.modifier == Modifier::None {
        return false;
    }
    let text = format!(
        "parsing [{}]: negation/default is not supported for option '{}'.",
        cx.loc(line),
        name(line)
    );
    cx.push(Diagnostic::fatal(Some(line.span), text));
    true
}

fn boolean(cx: &mut Cx, line: &Line) {
    let n = name(line);
    let Some(opt) = BOOL_OPTS.iter().find(|o| o.name == n) else {
        return;
    };
    if too_many_args(cx, line, 1, &format!("option {n}")) {
        return;
    }
    if let Some(side) = opt.side {
        if warn_if_not_cap(cx, line, side, opt.name, "") {
            return;
        }
    }
    set_bool(cx, line, opt.name);
}

/// Applies the modifier: `no` clears, `default` restores the defaults'
/// state (which is what the proxy started with), nothing sets.
pub(crate) fn set_bool(cx: &mut Cx, line: &Line, opt: &'static str) {
    let def = match cx.cur {
        crate::cx::Current::Proxy(i) => cx
            .cfg
            .proxies
            .get(i)
            .and_then(|p| p.defaults)
            .and_then(|d| cx.cfg.defaults.get(d))
            .and_then(|d| d.settings.option(opt)),
        _ => None,
    };
    let modifier = line.modifier;
    if let Some(px) = cur_proxy(cx) {
        match modifier {
            Modifier::None => px.settings.set_option(opt, true),
            Modifier::No => px.settings.set_option(opt, false),
            Modifier::Default => match def {
                Some(on) => px.settings.set_option(opt, on),
                None => px.settings.options.retain(|(n, _)| *n != opt),
            },
        }
    }
}

/// Catch-all: `option <unknown>` with haproxy's suggestion.
fn unknown(cx: &mut Cx, line: &Line) {
    if refuse_modifier(cx, line) {
        return;
    }
    let n = name(line);
    if n.is_empty() {
        let text = format!(
            "parsing [{}]: 'option' expects an option name.",
            cx.loc(line)
        );
        cx.push(Diagnostic::fatal(Some(line.span), text));
        return;
    }
    let mut cands: Vec<&str> = BOOL_OPTS.iter().map(|o| o.name).collect();
    cands.extend_from_slice(COMMON_OPTIONS);
    let msg = match crate::registry::best_match(&n, cands) {
        Some(best) => format!("unknown option '{n}'; did you mean '{best}' maybe ?"),
        None => format!("unknown option '{n}'."),
    };
    cx.parse_fatal(line, msg);
}
