//! `tune.*` in `global`: the values the runtime applies are typed in
//! [`crate::ir::global::Tune`]; the others are validated like haproxy 2.6
//! validates them and then refused as unsupported by the registry.

use super::args::{fatal_tight, int_arg, too_many};
use crate::cx::Cx;
use crate::ir::global::Tune;
use crate::units::{self, TimeUnit};
use syntax::Line;

/// Plain `atol` values without range checks.
fn plain_slot<'t>(t: &'t mut Tune, kw: &str) -> Option<&'t mut Option<i64>> {
    Some(match kw {
        "tune.maxaccept" => &mut t.maxaccept,
        "tune.maxpollevents" => &mut t.maxpollevents,
        "tune.recv_enough" => &mut t.recv_enough,
        "tune.runqueue-depth" => &mut t.runqueue_depth,
        "tune.rcvbuf.client" => &mut t.rcvbuf_client,
        "tune.rcvbuf.server" => &mut t.rcvbuf_server,
        "tune.sndbuf.client" => &mut t.sndbuf_client,
        "tune.sndbuf.server" => &mut t.sndbuf_server,
        "tune.pipesize" => &mut t.pipesize,
        "tune.http.cookielen" => &mut t.http_cookielen,
        "tune.http.logurilen" => &mut t.http_logurilen,
        "tune.ssl.maxrecord" => &mut t.ssl_maxrecord,
        _ => return None,
    })
}

/// Every integer-valued `tune.*` keyword we type.
pub(crate) fn lower_tune_int(cx: &mut Cx, line: &Line) {
    if too_many(cx, line, 1) {
        return;
    }
    let kw = line.word(0).into_owned();
    let Some(v) = int_arg(cx, line) else { return };
    let t = &mut cx.cfg.global.tune;
    if let Some(slot) = plain_slot(t, &kw) {
        *slot = Some(v);
        return;
    }
    let err = match kw.as_str() {
        "tune.bufsize" if v <= 0 => Some("expects a positive integer argument."),
        "tune.bufsize" => {
            t.bufsize = Some(v as u32);
            None
        }
        "tune.maxrewrite" if v < 0 => Some("expects a positive integer argument."),
        "tune.maxrewrite" => {
            t.maxrewrite = Some(v as u32);
            None
        }
        "tune.http.maxhdr" if !(1..=32767).contains(&v) => {
            Some("expects a numeric value between 1 and 32767")
        }
        "tune.http.maxhdr" => {
            t.http_maxhdr = Some(v as u32);
            None
        }
        "tune.ssl.default-dh-param" if v < 1024 => Some("expects a value >= 1024."),
        "tune.ssl.default-dh-param" => {
            t.ssl_default_dh_param = Some(v as u32);
            None
        }
        "tune.ssl.cachesize" if v < 0 => Some("expects a positive numeric value."),
        "tune.ssl.cachesize" => {
            t.ssl_cachesize = Some(v);
            None
        }
        _ => None,
    };
    if let Some(msg) = err {
        cx.parse_fatal(line, format!("'{kw}' {msg}"));
    }
}

pub(crate) fn lower_tune_idletimer(cx: &mut Cx, line: &Line) {
    if too_many(cx, line, 1) {
        return;
    }
    let text = line.word(1);
    let range_msg = "'tune.idletimer' expects a timer value between 0 and 65535 ms.";
    if text.is_empty() {
        cx.parse_fatal(line, range_msg);
        return;
    }
    match units::parse_time(&text, TimeUnit::Ms) {
        Ok(t) if t.value <= 65535 => cx.cfg.global.tune.idletimer = Some(t.value),
        Ok(_) => cx.parse_fatal(line, range_msg),
        Err(units::TimeError::Char(c, _)) => fatal_tight(
            cx,
            line,
            format!(
                "unexpected character '{}' in argument to <tune.idletimer>.",
                c.map(String::from).unwrap_or_default()
            ),
        ),
        Err(_) => cx.parse_fatal(line, range_msg),
    }
}

pub(crate) fn lower_tune_ssl_lifetime(cx: &mut Cx, line: &Line) {
    if too_many(cx, line, 1) {
        return;
    }
    let text = line.word(1);
    if text.is_empty() {
        cx.parse_fatal(
            line,
            "'tune.ssl.lifetime' expects ssl sessions <lifetime> in seconds as argument.",
        );
        return;
    }
    match units::parse_time(&text, TimeUnit::S) {
        Ok(t) => cx.cfg.global.tune.ssl_lifetime = Some(t.value),
        Err(e) => {
            let msg = super::args::time_error("tune.ssl.lifetime", &text, e);
            cx.parse_fatal(line, msg.trim_end_matches('\n'));
        }
    }
}

/// `on`/`off` settings: `tune.ssl.keylog` is typed, the others validated.
pub(crate) fn lower_tune_onoff(cx: &mut Cx, line: &Line) {
    if too_many(cx, line, 1) {
        return;
    }
    let kw = line.word(0).into_owned();
    let on = match &*line.word(1) {
        "on" => true,
        "off" => false,
        other => {
            cx.parse_fatal(
                line,
                format!("'{kw}' expects either 'on' or 'off' but got '{other}'."),
            );
            return;
        }
    };
    if kw == "tune.ssl.keylog" {
        cx.cfg.global.tune.ssl_keylog = Some(on);
    }
}

/// Integer `tune.*` settings of features we do not run: validated only.
pub(crate) fn lower_tune_unsupported_int(cx: &mut Cx, line: &Line) {
    if too_many(cx, line, 1) {
        return;
    }
    let kw = line.word(0).into_owned();
    let text = line.word(1);
    if kw == "tune.lua.maxmem" {
        if text.is_empty() {
            cx.parse_fatal(
                line,
                "'tune.lua.maxmem' expects an integer argument (Lua memory size in MB).",
            );
        } else if let Some(c) = text.chars().find(|c| !c.is_ascii_digit()) {
            cx.parse_fatal(
                line,
                format!("tune.lua.maxmem: invalid number {text} (error at '{c}')"),
            );
        }
        return;
    }
    if text.is_empty() {
        let msg = match kw.as_str() {
            "tune.comp.maxlevel" => {
                "'tune.comp.maxlevel' expects a numeric value between 1 and 9".to_string()
            }
            "tune.pattern.cache-size" => {
                "'tune.pattern.cache-size' expects a positive numeric value".to_string()
            }
            _ => format!("'{kw}' expects an integer argument."),
        };
        cx.parse_fatal(line, msg);
        return;
    }
    if kw == "tune.comp.maxlevel" && !(1..=9).contains(&units::atoi(&text)) {
        cx.parse_fatal(
            line,
            "'tune.comp.maxlevel' expects a numeric value between 1 and 9",
        );
    }
}
