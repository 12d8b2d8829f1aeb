//! Lowering of the directives removed before haproxy 2.6: the 1.x timeouts
//! and `redispatch` we accept with a warning naming their modern form, and
//! the ones haproxy refuses with its own (irregular) texts.

use super::{set, warn_if_not_cap, Need};
use crate::cx::Cx;
use syntax::Line;

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
