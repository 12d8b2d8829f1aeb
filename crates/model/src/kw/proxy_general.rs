//! Lowering of the general proxy keywords: mode, limits, backend
//! selection, identity, error pages, and the directives removed before 2.6.

use super::{cur_proxy, reject_in_defaults, too_many_args, warn_if_not_cap, words_from, Need};
use crate::acl_cond::parse_condition;
use crate::cx::Cx;
use crate::ir::proxy::{At, ErrorMsg, Mode, PersistRule, UseBackend, UseServer};
use crate::ir::rules::Condition;
use crate::units::{self, TimeError, TimeUnit};
use syntax::{Diagnostic, Line};

/// Runs `f` on the current proxy's settings.
fn set(cx: &mut Cx, f: impl FnOnce(&mut crate::ir::proxy::Settings)) {
    if let Some(px) = cur_proxy(cx) {
        f(&mut px.settings);
    }
}

/// `parsing [f:l]: msg` (haproxy's compact prefix) as a fatal alert.
fn compact_fatal(cx: &mut Cx, line: &Line, msg: &str) {
    let text = format!("parsing [{}]: {msg}", cx.loc(line));
    cx.push(Diagnostic::fatal(Some(line.span), text));
}

pub(super) fn mode(cx: &mut Cx, line: &Line) {
    if too_many_args(cx, line, 1, "mode") {
        return;
    }
    let m = match &*line.word(1) {
        "http" => Mode::Http,
        "tcp" => Mode::Tcp,
        "health" => {
            cx.parse_fatal(line, "'mode health' doesn't exist anymore. Please use 'http-request return status 200' instead.");
            return;
        }
        other => {
            let msg = format!("unknown proxy mode '{other}'.");
            cx.parse_fatal(line, msg);
            return;
        }
    };
    set(cx, |s| s.mode = m);
}

/// Integer keywords read with `atol` once present (`maxconn`, `backlog`...).
fn int_arg(cx: &mut Cx, line: &Line, name: &str) -> Option<i64> {
    if line.word(1).is_empty() {
        cx.parse_fatal(line, format!("'{name}' expects an integer argument."));
        return None;
    }
    if too_many_args(cx, line, 1, name) {
        return None;
    }
    Some(units::atoi_like(&line.word(1)))
}

pub(super) fn maxconn(cx: &mut Cx, line: &Line) {
    warn_if_not_cap(
        cx,
        line,
        Need::Frontend,
        "maxconn",
        " Maybe you want 'fullconn' instead ?",
    );
    if let Some(v) = int_arg(cx, line, "maxconn") {
        set(cx, |s| s.maxconn = Some(v));
    }
}

pub(super) fn backlog(cx: &mut Cx, line: &Line) {
    warn_if_not_cap(cx, line, Need::Frontend, "backlog", "");
    if let Some(v) = int_arg(cx, line, "backlog") {
        set(cx, |s| s.backlog = Some(v));
    }
}

pub(super) fn fullconn(cx: &mut Cx, line: &Line) {
    warn_if_not_cap(
        cx,
        line,
        Need::Backend,
        "fullconn",
        " Maybe you want 'maxconn' instead ?",
    );
    if let Some(v) = int_arg(cx, line, "fullconn") {
        set(cx, |s| s.fullconn = Some(v));
    }
}

pub(super) fn retries(cx: &mut Cx, line: &Line) {
    warn_if_not_cap(cx, line, Need::Backend, "retries", "");
    if line.word(1).is_empty() {
        cx.parse_fatal(
            line,
            "'retries' expects an integer argument (dispatch counts for one).",
        );
        return;
    }
    if too_many_args(cx, line, 1, "retries") {
        return;
    }
    let v = units::atoi_like(&line.word(1));
    set(cx, |s| s.retries = Some(v));
}

const RETRY_ON: &[&str] = &[
    "none",
    "conn-failure",
    "empty-response",
    "junk-response",
    "response-timeout",
    "0rtt-rejected",
    "all-retryable-errors",
    "404",
    "408",
    "425",
    "500",
    "501",
    "502",
    "503",
    "504",
];

pub(super) fn retry_on(cx: &mut Cx, line: &Line) {
    warn_if_not_cap(cx, line, Need::Backend, "retry-on", "");
    let words = words_from(line, 1);
    if words.is_empty() {
        cx.parse_fatal(
            line,
            "'retry-on' needs at least one keyword to specify when to retry",
        );
        return;
    }
    if let Some(bad) = words.iter().find(|w| !RETRY_ON.contains(&w.as_str())) {
        let msg = format!("'retry-on': unknown keyword '{bad}'");
        cx.parse_fatal(line, msg);
        return;
    }
    set(cx, |s| s.retry_on = words);
}

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
    let rule = PersistRule {
        span: line.span,
        force,
        cond,
    };
    if let Some(px) = cur_proxy(cx) {
        px.persist_rules.push(rule);
    }
}

pub(super) fn description(cx: &mut Cx, line: &Line) {
    if reject_in_defaults(cx, line, true) {
        return;
    }
    if line.word(1).is_empty() {
        // haproxy stops reading the file here (ERR_ABORT).
        let text = format!(
            "parsing [{}]: 'description' expects a string argument.",
            cx.loc(line)
        );
        cx.push(Diagnostic::abort(Some(line.span), text));
        return;
    }
    let text = words_from(line, 1).join(" ");
    if let Some(px) = cur_proxy(cx) {
        px.description = Some(text);
    }
}

pub(super) fn id(cx: &mut Cx, line: &Line) {
    if reject_in_defaults(cx, line, true) {
        return;
    }
    if too_many_args(cx, line, 1, "id") {
        return;
    }
    if line.word(1).is_empty() {
        compact_fatal(cx, line, "'id' expects an integer argument.");
        return;
    }
    let v = units::atoi(&line.word(1));
    if v <= 0 {
        compact_fatal(cx, line, "custom id has to be > 0.");
        return;
    }
    let dup = cx
        .cfg
        .proxies
        .iter()
        .find(|p| p.id == Some(v as i64))
        .map(|p| p.name.clone());
    if let Some(other) = dup {
        compact_fatal(
            cx,
            line,
            &format!("custom id {v} already used by proxy '{other}'."),
        );
        return;
    }
    if let Some(px) = cur_proxy(cx) {
        px.id = Some(v as i64);
    }
}

pub(super) fn disabled(cx: &mut Cx, line: &Line) {
    if !too_many_args(cx, line, 0, "disabled") {
        set(cx, |s| s.disabled = true);
    }
}

pub(super) fn enabled(cx: &mut Cx, line: &Line) {
    if !too_many_args(cx, line, 0, "enabled") {
        set(cx, |s| s.disabled = false);
    }
}

/// The status codes haproxy keeps error messages for (`http_err_codes`).
const ERR_CODES: &[u16] = &[
    200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504,
];

fn status_code(cx: &mut Cx, line: &Line, kw: &str) -> Option<u16> {
    let code = units::atoi(&line.word(1));
    match ERR_CODES.iter().find(|c| i32::from(**c) == code) {
        Some(c) => Some(*c),
        None => {
            cx.parse_fatal(line, format!("{kw} : status code '{code}' not handled."));
            None
        }
    }
}

pub(super) fn errorfile(cx: &mut Cx, line: &Line) {
    if line.word(2).is_empty() {
        cx.parse_fatal(
            line,
            "errorfile : expects <status_code> and <file> as arguments.\n",
        );
        return;
    }
    let Some(status) = status_code(cx, line, "errorfile") else {
        return;
    };
    let path = line.word(2).into_owned();
    if cx.host.read(&path).is_err() {
        cx.parse_fatal(line, format!("errorfile : error opening file '{path}'."));
        return;
    }
    set(cx, |s| s.errors.push(ErrorMsg::File { status, path }));
}

pub(super) fn errorloc(cx: &mut Cx, line: &Line) {
    let kw = line.word(0).into_owned();
    if line.word(2).is_empty() {
        cx.parse_fatal(
            line,
            format!("{kw} : expects <status_code> and <url> as arguments.\n"),
        );
        return;
    }
    let Some(status) = status_code(cx, line, &kw) else {
        return;
    };
    let code = if kw == "errorloc303" { 303 } else { 302 };
    let url = line.word(2).into_owned();
    set(cx, |s| s.errors.push(ErrorMsg::Loc { status, code, url }));
}

pub(super) fn errorfiles(cx: &mut Cx, line: &Line) {
    if line.word(1).is_empty() {
        cx.parse_fatal(line, "errorfiles : expects <name> as argument.");
        return;
    }
    let section = line.word(1).into_owned();
    let codes = words_from(line, 2);
    set(cx, |s| s.errors.push(ErrorMsg::Files { section, codes }));
}

pub(super) fn http_error(cx: &mut Cx, line: &Line) {
    if line.word(1).is_empty() {
        cx.parse_fatal(
            line,
            "http-error : expects at least a <status> as arguments.\n",
        );
        return;
    }
    let words = words_from(line, 1);
    set(cx, |s| s.errors.push(ErrorMsg::HttpError { words }));
}

pub(super) fn source(cx: &mut Cx, line: &Line) {
    warn_if_not_cap(cx, line, Need::Backend, "source", "");
    if line.word(1).is_empty() {
        cx.parse_fatal(line, "'source' expects <addr>[:<port>], and optionally 'usesrc' <addr>, and 'interface' <name>.");
        return;
    }
    let words = words_from(line, 1);
    set(cx, |s| s.source = Some(words));
}

pub(super) fn http_reuse(cx: &mut Cx, line: &Line) {
    warn_if_not_cap(cx, line, Need::Backend, "http-reuse", "");
    let v = line.word(1).into_owned();
    if !matches!(v.as_str(), "never" | "safe" | "aggressive" | "always") {
        cx.parse_fatal(
            line,
            "'http-reuse' only supports 'never', 'safe', 'aggressive', 'always'.",
        );
        return;
    }
    if !too_many_args(cx, line, 1, "http-reuse") {
        set(cx, |s| s.http_reuse = Some(v));
    }
}

pub(super) fn http_send_name_header(cx: &mut Cx, line: &Line) {
    warn_if_not_cap(cx, line, Need::Backend, "http-send-name-header", "");
    if line.word(1).is_empty() {
        cx.parse_fatal(line, "'http-send-name-header' requires a header string.");
        return;
    }
    let v = line.word(1).into_owned();
    set(cx, |s| s.http_send_name_header = Some(v));
}

pub(super) fn load_server_state(cx: &mut Cx, line: &Line) {
    warn_if_not_cap(cx, line, Need::Backend, "load-server-state-from-file", "");
    let v = line.word(1).into_owned();
    if !matches!(v.as_str(), "global" | "local" | "none") {
        let msg =
            format!("'load-server-state-from-file' expects 'global', 'local' or 'none'. Got '{v}'");
        cx.parse_fatal(line, msg);
        return;
    }
    set(cx, |s| s.load_server_state_from_file = Some(v));
}

pub(super) fn server_state_file_name(cx: &mut Cx, line: &Line) {
    warn_if_not_cap(cx, line, Need::Backend, "server-state-file-name", "");
    let v = line.word(1).into_owned();
    set(cx, |s| s.server_state_file_name = Some(v));
}

pub(super) fn max_keep_alive_queue(cx: &mut Cx, line: &Line) {
    warn_if_not_cap(cx, line, Need::Backend, "max-keep-alive-queue", "");
    if line.word(1).is_empty() {
        cx.parse_fatal(
            line,
            "'max-keep-alive-queue' expects expects an integer value (or -1 to disable)",
        );
        return;
    }
    let v = units::atoi_like(&line.word(1));
    set(cx, |s| s.max_keep_alive_queue = Some(v));
}

pub(super) fn rate_limit(cx: &mut Cx, line: &Line) {
    let w = line.word(1).into_owned();
    cx.parse_fatal(
        line,
        format!("'rate-limit' only supports 'sessions' (got '{w}')."),
    );
}

pub(super) fn rate_limit_sessions(cx: &mut Cx, line: &Line) {
    if let Some(px) = super::cur_proxy_ref(cx) {
        if !px.cap.frontend {
            let msg = format!(
                "rate-limit sessions will be ignored because {} '{}' has no frontend capability",
                px.type_str(),
                px.name
            );
            cx.parse_warn(line, msg);
        }
    }
    if line.word(2).is_empty() {
        cx.parse_fatal(
            line,
            "'rate-limit sessions' expects expects an integer value.",
        );
        return;
    }
    let v = units::atoi_like(&line.word(2));
    set(cx, |s| s.rate_limit_sessions = Some(v));
}

pub(super) fn monitor_uri(cx: &mut Cx, line: &Line) {
    warn_if_not_cap(cx, line, Need::Frontend, "monitor-uri", "");
    if line.word(1).is_empty() {
        cx.parse_fatal(line, "'monitor-uri' expects an URI.");
        return;
    }
    let v = line.word(1).into_owned();
    set(cx, |s| s.monitor_uri = Some(v));
}

pub(super) fn unique_id_format(cx: &mut Cx, line: &Line) {
    if line.word(1).is_empty() {
        cx.parse_fatal(line, "unique-id-format expects an argument.");
        return;
    }
    if too_many_args(cx, line, 1, "unique-id-format") {
        return;
    }
    let value = line.word(1).into_owned();
    let span = line.span;
    set(cx, |s| s.unique_id_format = Some(At { value, span }));
}

pub(super) fn unique_id_header(cx: &mut Cx, line: &Line) {
    if line.word(1).is_empty() {
        cx.parse_fatal(line, "unique-id-header expects an argument.");
        return;
    }
    let v = line.word(1).into_owned();
    set(cx, |s| s.unique_id_header = Some(v));
}

pub(super) fn log_tag(cx: &mut Cx, line: &Line) {
    if line.word(1).is_empty() {
        cx.parse_fatal(line, "'log-tag' expects a tag for use in syslog.");
        return;
    }
    let v = line.word(1).into_owned();
    set(cx, |s| s.log_tag = Some(v));
}

/// `clitcpka-*` / `srvtcpka-*`: a count or a time in seconds.
pub(super) fn tcpka(cx: &mut Cx, line: &Line) {
    let kw = line.word(0).into_owned();
    let cli = kw.starts_with("cli");
    let need = if cli { Need::Frontend } else { Need::Backend };
    warn_if_not_cap(cx, line, need, &kw, "");
    let slot = if kw.ends_with("cnt") {
        0
    } else if kw.ends_with("idle") {
        1
    } else {
        2
    };
    let arg = line.word(1).into_owned();
    if arg.is_empty() {
        cx.parse_fatal(line, format!("'{kw}' expects an integer value"));
        return;
    }
    let v = if slot == 0 {
        units::atoi_like(&arg)
    } else {
        match units::parse_time(&arg, TimeUnit::S) {
            Ok(t) => i64::from(t.value),
            Err(e) => {
                let msg = match e {
                    TimeError::Char(c, _) => format!(
                        "unexpected character '{}' in argument to <{kw}>.\n",
                        c.unwrap_or('\0')
                    ),
                    _ => format!("timer overflow in argument <{arg}> to <{kw}> (maximum value is 2147483647 s or ~68 years).\n"),
                };
                cx.parse_fatal(line, msg);
                return;
            }
        }
    };
    set(cx, |s| {
        let arr = if cli {
            &mut s.clitcpka
        } else {
            &mut s.srvtcpka
        };
        if let Some(x) = arr.get_mut(slot) {
            *x = Some(v);
        }
    });
}

pub(super) fn transparent(cx: &mut Cx, line: &Line) {
    warn_if_not_cap(cx, line, Need::Backend, "transparent", "");
    set(cx, |s| s.set_option("transparent", true));
}

pub(super) fn compression(cx: &mut Cx, line: &Line) {
    let words = words_from(line, 1);
    if words.first().map(String::as_str) == Some("algo") {
        for a in words.iter().skip(1) {
            if !matches!(a.as_str(), "identity" | "deflate" | "raw-deflate" | "gzip") {
                cx.parse_fatal(
                    line,
                    format!("'compression' : '{a}' is not a supported algorithm."),
                );
                return;
            }
        }
    }
    set(cx, |s| s.compression.push(words));
}

pub(super) fn email_alert(cx: &mut Cx, line: &Line) {
    let key = line.word(1).into_owned();
    if !matches!(
        key.as_str(),
        "from" | "mailers" | "myhostname" | "to" | "level"
    ) {
        cx.parse_fatal(line, format!("email-alert: unknown argument '{key}'."));
        return;
    }
    let value = line.word(2).into_owned();
    set(cx, |s| s.email_alert.push((key, value)));
}

pub(super) fn filter(cx: &mut Cx, line: &Line) {
    if super::in_defaults(cx) {
        let loc = cx.loc(line);
        cx.parse_fatal(
            line,
            format!("parsing [{loc}] : filter is not allowed in a 'default' section."),
        );
    }
}

pub(super) fn use_fcgi_app(cx: &mut Cx, line: &Line) {
    let is_be = super::cur_proxy_ref(cx).is_some_and(|p| p.cap.backend && !super::in_defaults(cx));
    if !is_be {
        cx.parse_fatal(
            line,
            "'use-fcgi-app' only available in backend or listen section",
        );
        return;
    }
    let app = line.word(1).into_owned();
    set(cx, |s| s.fcgi_app = Some(app));
}

/// `contimeout`, `clitimeout`, `srvtimeout`: accepted as the `timeout`
/// keyword haproxy 2.1 replaced them with.
pub(super) fn legacy_timeout(cx: &mut Cx, line: &Line) {
    let kw = line.word(0).into_owned();
    let modern = match kw.as_str() {
        "contimeout" => "connect",
        "clitimeout" => "client",
        _ => "server",
    };
    let value = line.word(1).into_owned();
    let msg = format!(
        "the '{kw}' directive was removed in HAProxy 2.1; accepted as 'timeout {modern} {value}'."
    );
    cx.parse_warn(line, msg);
    super::super::timeouts::apply(cx, line, modern, 1);
}

pub(super) fn legacy_redispatch(cx: &mut Cx, line: &Line) {
    cx.parse_warn(
        line,
        "the 'redispatch' directive was removed in HAProxy 2.1; accepted as 'option redispatch'.",
    );
    warn_if_not_cap(cx, line, Need::Backend, "redispatch", "");
    set(cx, |s| s.redispatch = Some(-1));
}

/// Directives haproxy 2.1+ refuses, with its exact (irregular) texts.
const REMOVED: &[(&str, &str)] = &[
    ("reqrep", "directive is not supported anymore since HAProxy 2.1. Use 'http-request replace-path', 'http-request replace-uri' or 'http-request replace-header' instead."),
    ("reqirep", "directive is not supported anymore since HAProxy 2.1. Use 'http-request replace-header' instead."),
    ("reqdel", "directive is not supported anymore since HAProxy 2.1. Use 'http-request del-header' instead."),
    ("reqidel", "directive is not supported anymore since HAProxy 2.1. Use 'http-request del-header' instead."),
    ("reqdeny", "not supported anymore since HAProxy 2.1. Use 'http-request deny' instead."),
    ("reqideny", "directive is not supported anymore since HAProxy 2.1. Use 'http-request deny' instead."),
    ("reqpass", "not supported anymore since HAProxy 2.1."),
    ("reqipass", "directive is not supported anymore since HAProxy 2.1."),
    ("reqallow", "directive is not supported anymore since HAProxy 2.1. Use 'http-request allow' instead."),
    ("reqiallow", "directive is not supported anymore since HAProxy 2.1. Use 'http-request allow' instead."),
    ("reqtarpit", "directive is not supported anymore since HAProxy 2.1. Use 'http-request tarpit' instead."),
    ("reqitarpit", "directive is not supported anymore since HAProxy 2.1. Use 'http-request tarpit' instead."),
    ("reqadd", "directive is not supported anymore since HAProxy 2.1. Use 'http-request add-header' instead."),
    ("rsprep", "directive is not supported anymore since HAProxy 2.1. Use 'http-response replace-header' instead."),
    ("rspirep", "directive is not supported anymore since HAProxy 2.1. Use 'http-response replace-header' instead."),
    ("rspdel", "directive is not supported anymore since HAProxy 2.1. Use 'http-response del-header' ."),
    ("rspidel", "directive is not supported anymore since HAProxy 2.1. Use 'http-response del-header' instead."),
    ("rspdeny", "directive is not supported anymore since HAProxy 2.1. Use 'http-response deny' instead."),
    ("rspideny", "directive is not supported anymore since HAProxy 2.1. Use 'http-response deny' instead."),
    ("rspadd", "directive is not supported anymore since HAProxy 2.1. Use 'http-response add-header' instead."),
    ("block", "directive is not supported anymore since HAProxy 2.1. Use 'http-request deny' which uses the exact same syntax."),
];

pub(super) fn removed(cx: &mut Cx, line: &Line) {
    let kw = line.word(0).into_owned();
    if kw == "monitor-net" {
        let net = line.word(1);
        cx.parse_fatal(line, format!("'monitor-net' doesn't exist anymore. Please use 'http-request return status 200 if {{ src {net} }}' instead."));
        return;
    }
    let rest = REMOVED
        .iter()
        .find(|(k, _)| *k == kw)
        .map(|(_, r)| *r)
        .unwrap_or("");
    cx.parse_fatal(line, format!("The '{kw}' {rest}"));
}
