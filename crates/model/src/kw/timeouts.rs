//! Keywords: `timeout <name> <time>` (haproxy's `proxy_parse_timeout`), one
//! registry entry per timeout plus a catch-all `timeout` that reports an
//! unknown name.

use crate::cx::Cx;
use crate::ir::proxy::Timeouts;
use crate::registry::{Keyword, Sections, Support};
use crate::units::{parse_time, TimeError, TimeUnit};
use syntax::Line;

const fn t(name: &'static str, summary: &'static str) -> Keyword {
    Keyword {
        name,
        sections: Sections::PROXY,
        support: Support::Supported,
        lower,
        summary,
    }
}

pub(crate) static KEYWORDS: &[Keyword] = &[
    t("timeout client", "client inactivity timeout"),
    t("timeout server", "server inactivity timeout"),
    t("timeout connect", "server connection timeout"),
    t("timeout check", "extra health-check read timeout"),
    t("timeout queue", "time a request may wait in a queue"),
    t("timeout http-keep-alive", "idle time between HTTP requests"),
    t(
        "timeout http-request",
        "time to receive a complete HTTP request",
    ),
    t("timeout tunnel", "inactivity timeout for tunnels"),
    t("timeout tarpit", "tarpit duration"),
    t(
        "timeout client-fin",
        "client half-closed inactivity timeout",
    ),
    t(
        "timeout server-fin",
        "server half-closed inactivity timeout",
    ),
    t("timeout", "unknown timeout names are rejected"),
];

/// Which side a timeout belongs to: `Some(true)` frontend, `Some(false)`
/// backend, `None` both.
fn side(name: &str) -> Option<Option<bool>> {
    Some(match name {
        "client" | "client-fin" => Some(true),
        "server" | "server-fin" | "connect" | "check" | "queue" | "tunnel" => Some(false),
        "http-keep-alive" | "http-request" | "tarpit" => None,
        _ => return None,
    })
}

fn slot<'t>(t: &'t mut Timeouts, name: &str) -> Option<&'t mut Option<u32>> {
    Some(match name {
        "client" => &mut t.client,
        "server" => &mut t.server,
        "connect" => &mut t.connect,
        "check" => &mut t.check,
        "queue" => &mut t.queue,
        "http-keep-alive" => &mut t.http_keep_alive,
        "http-request" => &mut t.http_request,
        "tunnel" => &mut t.tunnel,
        "tarpit" => &mut t.tarpit,
        "client-fin" => &mut t.client_fin,
        "server-fin" => &mut t.server_fin,
        _ => return None,
    })
}

fn lower(cx: &mut Cx, line: &Line) {
    let name = line.word(1).into_owned();
    apply(cx, line, &name, 2);
}

/// Parses the value at word `at` for timeout `name` and stores it in the
/// current proxy; also used by the legacy `contimeout` family.
pub(crate) fn apply(cx: &mut Cx, line: &Line, name: &str, at: usize) {
    let Some(side) = side(name) else {
        cx.parse_fatal(line, format!("'timeout' supports 'client', 'server', 'connect', 'check', 'queue', 'http-keep-alive', 'http-request', 'tunnel', 'tarpit', 'client-fin' and 'server-fin' (got '{name}')"));
        return;
    };
    let arg = line.word(at).into_owned();
    if arg.is_empty() {
        cx.parse_fatal(
            line,
            format!("'timeout {name}' expects an integer value (in milliseconds)"),
        );
        return;
    }
    let value = match parse_time(&arg, TimeUnit::Ms) {
        Ok(v) => {
            if let Some(w) = v.warning {
                cx.push(syntax::Diagnostic::warning(Some(line.span), w));
            }
            v.value
        }
        Err(e) => {
            let msg = match e {
                TimeError::Char(c, _) => {
                    format!("unexpected character '{}' in 'timeout {name}'", c.unwrap_or('\0'))
                }
                TimeError::Overflow => format!("timer overflow in argument '{arg}' to 'timeout {name}' (maximum value is 2147483647 ms or ~24.8 days)"),
                TimeError::Underflow => format!("timer underflow in argument '{arg}' to 'timeout {name}' (minimum non-null value is 1 ms)"),
            };
            cx.parse_fatal(line, msg);
            return;
        }
    };
    let extra = line.word(at + 1);
    if !extra.is_empty() {
        let msg =
            format!("'timeout {name}' : unexpected extra argument '{extra}' after value '{arg}'.");
        cx.parse_fatal(line, msg);
        return;
    }
    if let Some(px) = super::proxy::cur_proxy_ref(cx) {
        let missing = match side {
            Some(true) if !px.cap.frontend => Some("frontend"),
            Some(false) if !px.cap.backend => Some("backend"),
            _ => None,
        };
        if let Some(cap) = missing {
            let msg = format!(
                "'timeout {name}' will be ignored because {} '{}' has no {cap} capability",
                px.type_str(),
                px.name
            );
            cx.parse_warn(line, msg);
        }
    }
    if let Some(px) = super::proxy::cur_proxy(cx) {
        if let Some(s) = slot(&mut px.settings.timeouts, name) {
            *s = Some(value);
        }
    }
}
