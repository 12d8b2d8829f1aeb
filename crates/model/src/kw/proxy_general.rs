//! Lowering of the general proxy keywords: mode, limits, identity, error
//! pages, logging and keep-alive settings, and the features we validate
//! but do not run (compression, email alerts, filters, FastCGI).

use super::{
    compact_fatal, cur_proxy, reject_in_defaults, set, too_many_args, warn_if_not_cap, words_from,
    Need,
};
use crate::cx::Cx;
use crate::ir::proxy::{At, ErrorMsg, Mode};
use crate::units::{self, TimeError, TimeUnit};
use syntax::{Diagnostic, Line};

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
