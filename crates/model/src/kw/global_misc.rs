//! `global` keywords with their own small grammars: TLS defaults, timers,
//! `unix-bind`, the environment family, `stats`, `default-path`, `cpu-map`,
//! `h1-case-adjust`, and the validated-only ones (Lua, `set-var`).

use super::args::{already, fatal_tight, time_arg, time_error, too_many};
use crate::cx::Cx;
use crate::ir::global::{SslDefaults, SslServerVerify};
use crate::units::{self, TimeUnit};
use syntax::Line;

/// The option words `ssl-default-*-options` accepts, and whether each one
/// takes a TLS version argument.
const SSL_OPTIONS: &[(&str, bool)] = &[
    ("no-sslv3", false),
    ("no-tlsv10", false),
    ("no-tlsv11", false),
    ("no-tlsv12", false),
    ("no-tlsv13", false),
    ("force-sslv3", false),
    ("force-tlsv10", false),
    ("force-tlsv11", false),
    ("force-tlsv12", false),
    ("force-tlsv13", false),
    ("no-tls-tickets", false),
    ("prefer-client-ciphers", false),
    ("ssl-min-ver", true),
    ("ssl-max-ver", true),
];

const TLS_VERSIONS: &[&str] = &["SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"];

fn ssl_slot<'g>(cx: &'g mut Cx, kw: &str) -> &'g mut SslDefaults {
    if kw.starts_with("ssl-default-bind") {
        &mut cx.cfg.global.ssl_default_bind
    } else {
        &mut cx.cfg.global.ssl_default_server
    }
}

/// `ssl-default-{bind,server}-{ciphers,ciphersuites,curves}`.
pub(crate) fn lower_ssl_string(cx: &mut Cx, line: &Line) {
    if too_many(cx, line, 1) {
        return;
    }
    let kw = line.word(0).into_owned();
    let value = line.word(1).into_owned();
    if value.is_empty() {
        let what = if kw.ends_with("curves") {
            "a curves suite as an arguments"
        } else {
            "a cipher suite as an argument"
        };
        cx.parse_fatal(line, format!("global statement '{kw}' expects {what}."));
        return;
    }
    let slot = ssl_slot(cx, &kw);
    if kw.ends_with("ciphersuites") {
        slot.ciphersuites = Some(value);
    } else if kw.ends_with("curves") {
        slot.curves = Some(value);
    } else {
        slot.ciphers = Some(value);
    }
}

/// `ssl-default-{bind,server}-options <opt>...`.
pub(crate) fn lower_ssl_options(cx: &mut Cx, line: &Line) {
    let kw = line.word(0).into_owned();
    if line.word(1).is_empty() {
        cx.parse_fatal(
            line,
            format!("global statement '{kw}' expects an option as an argument."),
        );
        return;
    }
    let mut i = 1;
    let mut opts = Vec::new();
    while !line.word(i).is_empty() {
        let opt = line.word(i).into_owned();
        let Some((_, takes_version)) = SSL_OPTIONS.iter().find(|(n, _)| *n == opt) else {
            cx.parse_fatal(
                line,
                format!("unknown option '{opt}' on global statement '{kw}'."),
            );
            return;
        };
        if *takes_version {
            let v = line.word(i + 1).into_owned();
            if v.is_empty() {
                cx.parse_fatal(
                    line,
                    format!("'{opt}' : missing the ssl/tls version on global statement '{kw}'."),
                );
                return;
            }
            if !TLS_VERSIONS.contains(&v.as_str()) {
                cx.parse_fatal(
                    line,
                    format!("'{v}' : unknown ssl/tls version on global statement '{kw}'."),
                );
                return;
            }
            opts.push(format!("{opt} {v}"));
            i += 1;
        } else {
            opts.push(opt);
        }
        i += 1;
    }
    ssl_slot(cx, &kw).options.extend(opts);
}

pub(crate) fn lower_ssl_server_verify(cx: &mut Cx, line: &Line) {
    if too_many(cx, line, 1) {
        return;
    }
    let v = match &*line.word(1) {
        "" => {
            cx.parse_fatal(line, "'ssl-server-verify' expects an integer argument.");
            return;
        }
        "none" => SslServerVerify::None,
        "required" => SslServerVerify::Required,
        _ => {
            cx.parse_fatal(
                line,
                "'ssl-server-verify' expects 'none' or 'required' as argument.",
            );
            return;
        }
    };
    cx.cfg.global.ssl_server_verify = Some(v);
}

/// `ssl-dh-param-file`: the file must hold PEM DH parameters.
pub(crate) fn lower_ssl_dh_param_file(cx: &mut Cx, line: &Line) {
    if too_many(cx, line, 1) {
        return;
    }
    let path = line.word(1).into_owned();
    if path.is_empty() {
        cx.parse_fatal(
            line,
            "'ssl-dh-param-file' expects a file path as an argument.",
        );
        return;
    }
    let ok = cx
        .host
        .read(&path)
        .is_ok_and(|data| contains(&data, b"DH PARAMETERS-----"));
    if !ok {
        cx.parse_fatal(
            line,
            format!("'ssl-dh-param-file': unable to load DH parameters from file <{path}>."),
        );
        return;
    }
    cx.cfg.global.ssl_dh_param_file = Some(path);
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

pub(crate) fn lower_spread_checks(cx: &mut Cx, line: &Line) {
    if too_many(cx, line, 1) {
        return;
    }
    if line.word(1).is_empty() {
        fatal_tight(
            cx,
            line,
            "'spread-checks' expects an integer argument (0..50).",
        );
        return;
    }
    let v = units::atoi(&line.word(1));
    if !(0..=50).contains(&v) {
        fatal_tight(
            cx,
            line,
            "'spread-checks' needs a positive value in range 0..50.",
        );
        return;
    }
    cx.cfg.global.spread_checks = Some(v as u32);
}

pub(crate) fn lower_max_spread_checks(cx: &mut Cx, line: &Line) {
    if too_many(cx, line, 1) {
        return;
    }
    let text = line.word(1);
    if text.is_empty() {
        fatal_tight(
            cx,
            line,
            "'max-spread-checks' expects an integer argument (0..50).",
        );
        return;
    }
    match units::parse_time(&text, TimeUnit::Ms) {
        Ok(t) => cx.cfg.global.max_spread_checks = Some(t.value),
        Err(units::TimeError::Char(c, _)) => fatal_tight(
            cx,
            line,
            format!(
                "unsupported character '{}' in 'max-spread-checks' (wants an integer delay).",
                c.map(String::from).unwrap_or_default()
            ),
        ),
        Err(e) => cx.parse_fatal(line, time_error("max-spread-checks", &text, e)),
    }
}

/// `hard-stop-after` and `grace`.
pub(crate) fn lower_stop_timer(cx: &mut Cx, line: &Line) {
    let Some(ms) = time_arg(cx, line, TimeUnit::Ms) else {
        return;
    };
    if line.word(0) == "grace" {
        cx.cfg.global.grace = Some(ms);
    } else {
        cx.cfg.global.hard_stop_after = Some(ms);
    }
}

/// `unix-bind [prefix p] [mode m] [user u] [uid n] [group g] [gid n]`.
pub(crate) fn lower_unix_bind(cx: &mut Cx, line: &Line) {
    let mut ub = cx.cfg.global.unix_bind.clone().unwrap_or_default();
    let mut i = 1;
    while !line.word(i).is_empty() {
        let opt = line.word(i).into_owned();
        let val = line.word(i + 1).into_owned();
        match opt.as_str() {
            "prefix" => {
                if ub.prefix.is_some() {
                    already(cx, line, "unix-bind 'prefix'");
                } else if val.is_empty() {
                    cx.parse_fatal(line, "unix_bind 'prefix' expects a path as an argument.");
                    return;
                } else {
                    ub.prefix = Some(val);
                }
            }
            "mode" => ub.mode = Some(strtol_radix8(&val)),
            "uid" => ub.uid = Some(units::atoi(&val) as u32),
            "gid" => ub.gid = Some(units::atoi(&val) as u32),
            "user" | "group" => {
                let id = if opt == "user" {
                    cx.host.user_id(&val)
                } else {
                    cx.host.group_id(&val)
                };
                let Some(id) = id else {
                    cx.parse_fatal(line, format!("'unix-bind' : '{val}' unknown {opt}."));
                    return;
                };
                if opt == "user" {
                    ub.uid = Some(id);
                } else {
                    ub.gid = Some(id);
                }
            }
            _ => {
                cx.parse_fatal(line, "'unix-bind' only supports the 'prefix', 'mode', 'uid', 'gid', 'user' and 'group' options.");
                return;
            }
        }
        i += 2;
    }
    cx.cfg.global.unix_bind = Some(ub);
}

/// `strtol(s, NULL, 8)`: leading octal digits, anything else ignored.
fn strtol_radix8(text: &str) -> u32 {
    text.bytes()
        .take_while(|c| (b'0'..=b'7').contains(c))
        .fold(0u32, |acc, c| {
            acc.wrapping_mul(8).wrapping_add(u32::from(c - b'0'))
        })
}

pub(crate) fn lower_h1_case_adjust(cx: &mut Cx, line: &Line) {
    if too_many(cx, line, 2) {
        return;
    }
    let (from, to) = (line.word(1), line.word(2));
    if from.is_empty() || to.is_empty() {
        cx.parse_fatal(
            line,
            "'h1-case-adjust' expects <from> and <to> as argument.",
        );
        return;
    }
    if !from.eq_ignore_ascii_case(&to) {
        cx.parse_fatal(line, "<from> and <to> must not differ execpt the case");
        return;
    }
    let entry = (from.to_ascii_lowercase(), to.into_owned());
    cx.cfg.global.h1_case_adjust.push(entry);
}

pub(crate) fn lower_default_path(cx: &mut Cx, line: &Line) {
    let mode = line.word(1).into_owned();
    let value = match mode.as_str() {
        "current" | "config" | "parent" => {
            if too_many(cx, line, 1) {
                return;
            }
            mode
        }
        "origin" => {
            if too_many(cx, line, 2) {
                return;
            }
            let dir = line.word(2);
            if dir.is_empty() {
                cx.parse_fatal(
                    line,
                    "'default-path origin' expects a directory as an argument.",
                );
                return;
            }
            format!("origin {dir}")
        }
        _ => {
            let what = if mode.is_empty() {
                "missing"
            } else {
                "unsupported"
            };
            cx.parse_fatal(line, format!("{what} default-path mode '{mode}' for 'default-path', supported modes include 'current', 'config', 'parent', and 'origin'."));
            return;
        }
    };
    cx.cfg.global.default_path = Some(value);
}
