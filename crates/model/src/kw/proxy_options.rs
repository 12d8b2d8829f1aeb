//! `option`s that take arguments or are not plain booleans: connection
//! modes, log formats, protocol checks, forwardfor/originalto, redispatch.

use super::{refuse_modifier, set_bool};
use crate::cx::Cx;
use crate::ir::proxy::{At, CheckKind, HeaderOption, LogFormat};
use crate::kw::proxy::{
    cur_proxy, cur_proxy_ref, too_many_args, warn_if_not_cap, words_from, Need,
};
use syntax::{Line, Modifier};

fn opt_name(line: &Line) -> String {
    line.word(1).into_owned()
}

/// `option httpclose|http-server-close|http-keep-alive`: one connection
/// mode replaces the other two.
pub(super) fn conn_mode(cx: &mut Cx, line: &Line) {
    let n = opt_name(line);
    if too_many_args(cx, line, 1, &format!("option {n}")) {
        return;
    }
    let name: &'static str = match n.as_str() {
        "httpclose" => "httpclose",
        "http-server-close" => "http-server-close",
        _ => "http-keep-alive",
    };
    if line.modifier == Modifier::None {
        if let Some(px) = cur_proxy(cx) {
            for m in ["httpclose", "http-server-close", "http-keep-alive"] {
                px.settings.options.retain(|(o, _)| *o != m);
            }
        }
    }
    set_bool(cx, line, name);
}

pub(super) fn removed(cx: &mut Cx, line: &Line) {
    let msg = if opt_name(line) == "forceclose" {
        "option 'forceclose' is not supported any more since HAProxy 2.0, please just remove it, or use 'option httpclose' if absolutely needed."
    } else {
        "option 'http-tunnel' is not supported any more since HAProxy 2.1, please just remove it, it shouldn't be needed."
    };
    let text = format!("parsing [{}]: {msg}", cx.loc(line));
    cx.push(syntax::Diagnostic::fatal(Some(line.span), text));
}

pub(super) fn redispatch(cx: &mut Cx, line: &Line) {
    if warn_if_not_cap(cx, line, Need::Backend, "redispatch", "") {
        return;
    }
    let interval = match line.word(2).as_ref() {
        "" => -1,
        w => crate::units::atoi_like(w),
    };
    let on = line.modifier != Modifier::No;
    if let Some(px) = cur_proxy(cx) {
        px.settings.redispatch = on.then_some(interval);
    }
}

pub(super) fn tcpka(cx: &mut Cx, line: &Line) {
    if refuse_modifier(cx, line) || too_many_args(cx, line, 1, "option tcpka") {
        return;
    }
    if let Some(px) = cur_proxy(cx) {
        px.settings.set_option("clitcpka", true);
        px.settings.set_option("srvtcpka", true);
    }
}

fn set_log(cx: &mut Cx, line: &Line, lf: LogFormat) {
    let span = line.span;
    if let Some(px) = cur_proxy(cx) {
        px.settings.log_format = Some(At { value: lf, span });
    }
}

/// `option httplog` in a pure backend is only a warning.
fn ignored_in_backend(cx: &mut Cx, line: &Line) -> bool {
    let Some(px) = cur_proxy_ref(cx) else {
        return false;
    };
    if px.cap.frontend {
        return false;
    }
    let msg = format!(
        "{} '{}' : '{}' directive is ignored in backends.",
        px.type_str(),
        px.name,
        line_kw(line)
    );
    cx.parse_warn(line, msg);
    true
}

fn line_kw(line: &Line) -> String {
    format!("option {}", opt_name(line))
}

pub(super) fn httplog(cx: &mut Cx, line: &Line) {
    if refuse_modifier(cx, line) {
        return;
    }
    let clf = match line.word(2).as_ref() {
        "" => false,
        "clf" => true,
        _ => {
            cx.parse_fatal(line, "keyword 'httplog' only supports option 'clf'.");
            return;
        }
    };
    if too_many_args(cx, line, 2, "option httplog") {
        return;
    }
    ignored_in_backend(cx, line);
    set_log(cx, line, LogFormat::Http { clf });
}

pub(super) fn httpslog(cx: &mut Cx, line: &Line) {
    if refuse_modifier(cx, line) {
        return;
    }
    ignored_in_backend(cx, line);
    set_log(cx, line, LogFormat::Https);
}

pub(super) fn tcplog(cx: &mut Cx, line: &Line) {
    if refuse_modifier(cx, line) || too_many_args(cx, line, 1, "option tcplog") {
        return;
    }
    set_log(cx, line, LogFormat::Tcp);
}

fn set_check(cx: &mut Cx, line: &Line, ck: CheckKind) {
    let span = line.span;
    if let Some(px) = cur_proxy(cx) {
        // Every check option but external-check installs a tcp-check
        // ruleset, which makes the rules declared before it used.
        if ck != CheckKind::External {
            px.checks.unused_http = false;
            px.checks.unused_tcp = false;
        }
        px.settings.check = Some(At { value: ck, span });
    }
}

pub(super) fn httpchk(cx: &mut Cx, line: &Line) {
    if refuse_modifier(cx, line) {
        return;
    }
    warn_if_not_cap(cx, line, Need::Backend, "httpchk", "");
    if too_many_args(cx, line, 4, "option httpchk") {
        return;
    }
    let w = words_from(line, 2);
    let (method, uri, version) = match w.len() {
        0 => ("OPTIONS".into(), "/".into(), "HTTP/1.0".into()),
        1 => ("OPTIONS".into(), w[0].clone(), "HTTP/1.0".into()),
        2 => (w[0].clone(), w[1].clone(), "HTTP/1.0".into()),
        _ => (w[0].clone(), w[1].clone(), w[2].clone()),
    };
    if version.contains("\r\n") || version.contains("\\r\\n") || version.contains(' ') {
        let text = format!(
            "parsing [{}]: 'option httpchk' : hiding headers or body at the end of the version string is deprecated. Please, consider to use 'http-check send' directive instead.",
            cx.loc(line)
        );
        cx.push(syntax::Diagnostic::warning(Some(line.span), text));
    }
    set_check(
        cx,
        line,
        CheckKind::Http {
            method,
            uri,
            version,
        },
    );
}

pub(super) fn simple_check(cx: &mut Cx, line: &Line) {
    if refuse_modifier(cx, line) {
        return;
    }
    let n = opt_name(line);
    if n != "external-check" {
        warn_if_not_cap(cx, line, Need::Backend, &n, "");
    }
    if too_many_args(cx, line, 1, &format!("option {n}")) {
        return;
    }
    let ck = match n.as_str() {
        "ssl-hello-chk" => CheckKind::SslHello,
        "redis-check" => CheckKind::Redis,
        "ldap-check" => CheckKind::Ldap,
        "spop-check" => CheckKind::Spop,
        "tcp-check" => CheckKind::TcpCheck,
        _ => CheckKind::External,
    };
    set_check(cx, line, ck);
}

pub(super) fn smtpchk(cx: &mut Cx, line: &Line) {
    if refuse_modifier(cx, line) {
        return;
    }
    warn_if_not_cap(cx, line, Need::Backend, "smtpchk", "");
    let verb = line.word(2).into_owned();
    let (hello, domain) = if (verb == "HELO" || verb == "EHLO") && !line.word(3).is_empty() {
        (verb, line.word(3).into_owned())
    } else {
        ("HELO".into(), "localhost".into())
    };
    set_check(cx, line, CheckKind::Smtp { hello, domain });
}

pub(super) fn pgsql_check(cx: &mut Cx, line: &Line) {
    if refuse_modifier(cx, line) {
        return;
    }
    warn_if_not_cap(cx, line, Need::Backend, "pgsql-check", "");
    if line.word(2) != "user" || line.word(3).is_empty() {
        cx.parse_fatal(
            line,
            "'option pgsql-check' expects 'user <username>' as argument.",
        );
        return;
    }
    let user = line.word(3).into_owned();
    set_check(cx, line, CheckKind::Pgsql { user });
}

pub(super) fn mysql_check(cx: &mut Cx, line: &Line) {
    if refuse_modifier(cx, line) {
        return;
    }
    warn_if_not_cap(cx, line, Need::Backend, "mysql-check", "");
    let kw = line.word(2).into_owned();
    if kw.is_empty() {
        set_check(
            cx,
            line,
            CheckKind::Mysql {
                user: None,
                post41: false,
            },
        );
        return;
    }
    if kw != "user" {
        let msg =
            format!("'option mysql-check' only supports optional values: 'user' (got '{kw}').");
        cx.parse_fatal(line, msg);
        return;
    }
    if line.word(3).is_empty() {
        cx.parse_fatal(
            line,
            "'option mysql-check user' expects <username> as argument.",
        );
        return;
    }
    // haproxy 2.6 sends the 4.1 packet unless `pre-41` is given
    let post41 = match line.word(4).as_ref() {
        "pre-41" => false,
        "" | "post-41" => true,
        other => {
            let msg =
                format!("keyword 'user' only supports 'post-41' and 'pre-41' (got '{other}').");
            cx.parse_fatal(line, msg);
            return;
        }
    };
    let user = Some(line.word(3).into_owned());
    set_check(cx, line, CheckKind::Mysql { user, post41 });
}

/// The `except`/`header`/`if-none` arguments of forwardfor and originalto.
fn header_option(cx: &mut Cx, line: &Line, with_if_none: bool) -> Option<HeaderOption> {
    let n = opt_name(line);
    let mut h = HeaderOption::default();
    let w = words_from(line, 2);
    let mut i = 0;
    while let Some(k) = w.get(i) {
        match k.as_str() {
            "except" | "header" => {
                let Some(v) = w.get(i + 1) else {
                    let what = if k == "except" {
                        "<address>[/mask]"
                    } else {
                        "<header_name>"
                    };
                    cx.parse_fatal(
                        line,
                        format!("'option {n} {k}' expects {what} as argument."),
                    );
                    return None;
                };
                if k == "except" {
                    h.except = Some(v.clone())
                } else {
                    h.header = Some(v.clone())
                }
                i += 1;
            }
            "if-none" if with_if_none => h.if_none = true,
            _ => {
                let msg = if with_if_none {
                    format!("'option {n}' only supports optional values: 'except', 'header' and 'if-none'.")
                } else {
                    format!("'option {n}' only supports optional values: 'except' and 'header'.")
                };
                cx.parse_fatal(line, msg);
                return None;
            }
        }
        i += 1;
    }
    Some(h)
}

pub(super) fn forwardfor(cx: &mut Cx, line: &Line) {
    if refuse_modifier(cx, line) {
        return;
    }
    if let Some(h) = header_option(cx, line, true) {
        if let Some(px) = cur_proxy(cx) {
            px.settings.forwardfor = Some(h);
        }
    }
}

pub(super) fn originalto(cx: &mut Cx, line: &Line) {
    if refuse_modifier(cx, line) {
        return;
    }
    if let Some(h) = header_option(cx, line, false) {
        if let Some(px) = cur_proxy(cx) {
            px.settings.originalto = Some(h);
        }
    }
}

pub(super) fn restrict_hdr_names(cx: &mut Cx, line: &Line) {
    if refuse_modifier(cx, line) {
        return;
    }
    let v = line.word(2).into_owned();
    const EXPECTS: &str =
        "option 'http-restrict-req-hdr-names' expects 'preserve', 'reject' or 'delete' option.";
    if v.is_empty() {
        cx.parse_fatal(line, format!("missing parameter. {EXPECTS}"));
        return;
    }
    if !matches!(v.as_str(), "preserve" | "reject" | "delete") {
        cx.parse_fatal(line, format!("invalid parameter '{v}'. {EXPECTS}"));
        return;
    }
    if let Some(px) = cur_proxy(cx) {
        px.settings.restrict_req_hdr_names = Some(v);
    }
}
