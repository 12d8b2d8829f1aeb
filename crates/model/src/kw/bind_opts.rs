//! The `bind` option keywords of haproxy 2.6 (`bind_kws` in src/listener.c,
//! src/cfgparse-ssl.c, src/cli.c, src/proto_tcp.c...), each with its
//! argument validation and exact error text.

use super::bind_ssl::{check_ca, check_crt, with_base};
use crate::cx::Cx;
use crate::ir::bind::{Bind, Level};
use crate::units::{atoi_like, parse_time, strtol, TimeUnit};

/// An option error: an optional context-free alert haproxy prints first
/// (the CA loader's), then the message tail for the bind line.
pub(crate) struct OptErr {
    pub pre: Option<String>,
    pub msg: String,
}

impl From<String> for OptErr {
    fn from(msg: String) -> OptErr {
        OptErr { pre: None, msg }
    }
}

type R = Result<(), OptErr>;
type OptFn = fn(&Cx, &mut Bind, &str, &str) -> R;

/// One option: name, whether it takes an argument, its handler (which gets
/// the option name and its argument, `""` when absent).
pub(crate) struct BindOpt {
    pub name: &'static str,
    pub takes_arg: bool,
    pub parse: OptFn,
}

const fn opt(name: &'static str, takes_arg: bool, parse: OptFn) -> BindOpt {
    BindOpt {
        name,
        takes_arg,
        parse,
    }
}

fn missing(kw: &str, what: &str) -> OptErr {
    format!("'{kw}' : {what}").into()
}

fn need<'a>(kw: &str, arg: &'a str, what: &str) -> Result<&'a str, OptErr> {
    if arg.is_empty() {
        Err(missing(kw, what))
    } else {
        Ok(arg)
    }
}

fn value(kw: &str, arg: &str) -> Result<i64, OptErr> {
    need(kw, arg, "missing value").map(atoi_like)
}

fn flag_opt(_: &Cx, b: &mut Bind, kw: &str, _: &str) -> R {
    match kw {
        "accept-proxy" => b.accept_proxy = true,
        "defer-accept" => b.defer_accept = true,
        "tfo" => b.tfo = true,
        "transparent" => b.transparent = true,
        "v4v6" => b.v4v6 = true,
        "v6only" => b.v6only = true,
        "generate-certificates" => b.ssl.generate_certificates = true,
        "ssl" => b.ssl.enabled = true,
        _ => b.other.push(kw.to_string()),
    }
    Ok(())
}

/// Options whose argument is only required to be present.
fn text_opt(_: &Cx, b: &mut Bind, kw: &str, arg: &str) -> R {
    let what = match kw {
        "alpn" => "missing the comma-delimited ALPN protocol suite",
        "npn" => "missing the comma-delimited NPN protocol suite",
        "ciphers" | "ciphersuites" => "missing cipher suite",
        "curves" => "missing curve suite",
        "ecdhe" => "missing named curve",
        "interface" => "missing interface name",
        "mss" => "missing MSS value",
        "name" => "missing name",
        "ca-ignore-err" | "crt-ignore-err" => "missing error IDs list",
        "ca-sign-pass" => "missing CAkey password",
        "ca-sign-file" => "missing CAfile path",
        _ => "missing value",
    };
    let v = need(kw, arg, what)?.to_string();
    match kw {
        "alpn" => b.ssl.alpn = Some(v),
        "interface" => b.interface = Some(v),
        "mss" => b.mss = Some(v),
        "name" => b.name = Some(v),
        _ => b.other.push(format!("{kw}={v}")),
    }
    Ok(())
}

fn number_opt(_: &Cx, b: &mut Bind, kw: &str, arg: &str) -> R {
    let v = value(kw, arg)?;
    match kw {
        "maxconn" => b.maxconn = Some(v),
        "backlog" => b.backlog = Some(v),
        "uid" => b.uid = Some(v),
        "gid" => b.gid = Some(v),
        "nice" => b.nice = Some(v),
        _ => b.accept_netscaler_cip = Some(v),
    }
    Ok(())
}

fn id_opt(_: &Cx, b: &mut Bind, kw: &str, arg: &str) -> R {
    let (v, used) = strtol(arg);
    if arg.is_empty() {
        return Err(missing(kw, "expects an integer argument"));
    }
    if used != arg.len() {
        return Err(format!("'{kw}' : expects an integer argument, found '{arg}'").into());
    }
    if v <= 0 {
        return Err(missing(kw, "custom id has to be > 0"));
    }
    b.id = Some(v);
    Ok(())
}

fn mode_opt(_: &Cx, b: &mut Bind, kw: &str, arg: &str) -> R {
    match u32::from_str_radix(arg, 8) {
        Ok(m) if !arg.starts_with(['+', '-']) => {
            b.mode = Some(m);
            Ok(())
        }
        _ => {
            Err(format!("'{kw}' : missing or invalid mode '{arg}' (octal integer expected)").into())
        }
    }
}

fn owner_opt(cx: &Cx, b: &mut Bind, kw: &str, arg: &str) -> R {
    let v = need(kw, arg, &format!("missing {kw} name"))?;
    let id = if kw == "user" {
        cx.host.user_id(v)
    } else {
        cx.host.group_id(v)
    };
    let id = id.ok_or_else(|| missing(kw, &format!("unknown {kw} name '{v}'")))?;
    if kw == "user" {
        b.uid = Some(i64::from(id));
    } else {
        b.gid = Some(i64::from(id));
    }
    Ok(())
}

fn choice_opt(_: &Cx, b: &mut Bind, kw: &str, arg: &str) -> R {
    let (what, choices): (&str, &[&str]) = match kw {
        "level" => ("missing level", &["user", "operator", "admin"]),
        "severity-output" => ("missing severity format", &["none", "number", "string"]),
        _ => ("missing fd type", &["listeners"]),
    };
    need(kw, arg, what)?;
    if !choices.contains(&arg) {
        let list = match choices {
            [one] => format!("'{one}'"),
            [a, b, c] => format!("'{a}', '{b}', and '{c}'"),
            _ => String::new(),
        };
        return Err(format!("'{kw}' only supports {list} (got '{arg}')").into());
    }
    match (kw, arg) {
        ("level", "user") => b.level = Some(Level::User),
        ("level", "operator") => b.level = Some(Level::Operator),
        ("level", _) => b.level = Some(Level::Admin),
        ("severity-output", _) => b.severity_output = Some(arg.to_string()),
        _ => b.expose_fd_listeners = true,
    }
    Ok(())
}

/// A thread or process set: `all`, `odd`, `even`, `N`, `N-M`, comma lists,
/// with an optional `G/` thread-group prefix for `thread`.
fn set_error(set: &str, max: u32) -> Option<String> {
    let body = set.split_once('/').map_or(set, |(_, s)| s);
    for item in body.split(',') {
        if matches!(item, "all" | "odd" | "even") {
            continue;
        }
        let (a, b) = item.split_once('-').unwrap_or((item, item));
        let num = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
        if !num(a) || !num(b) {
            return Some(format!("'{set}' is not a valid number/range."));
        }
        let lo = atoi_like(a);
        let hi = if b.is_empty() {
            i64::from(max)
        } else {
            atoi_like(b)
        };
        if item.is_empty() || lo < 1 || hi > i64::from(max) || lo > hi {
            return Some(format!(
                "'{set}' is not a valid number/range. It supports numbers from 1 to {max}."
            ));
        }
    }
    None
}

fn set_opt(_: &Cx, b: &mut Bind, kw: &str, arg: &str) -> R {
    if kw == "process" {
        if let Some(e) = set_error(arg, 1) {
            return Err(format!("'{kw}' : {e}").into());
        }
        b.process = Some(arg.to_string());
    } else {
        if let Some(e) = set_error(arg, 64) {
            return Err(format!("'{arg}' : {e}").into());
        }
        b.thread = Some(arg.to_string());
    }
    Ok(())
}

fn proto_opt(_: &Cx, b: &mut Bind, kw: &str, arg: &str) -> R {
    need(kw, arg, "missing value")?;
    if !matches!(arg, "h1" | "h2" | "fcgi" | "none") {
        return Err(format!("'{kw}' :  unknown MUX protocol '{arg}'").into());
    }
    b.proto = Some(arg.to_string());
    Ok(())
}

fn shards_opt(_: &Cx, b: &mut Bind, kw: &str, arg: &str) -> R {
    if arg != "by-thread" {
        let v = atoi_like(arg);
        if !(1..=64).contains(&v) {
            return Err(format!(
                "'{kw}' : invalid value {v}, allowed range is 1..64 or 'by-thread'"
            )
            .into());
        }
    }
    b.shards = Some(arg.to_string());
    Ok(())
}

fn tcp_ut_opt(_: &Cx, b: &mut Bind, kw: &str, arg: &str) -> R {
    need(kw, arg, "missing TCP User Timeout value")?;
    let t = parse_time(arg, TimeUnit::Ms)
        .map_err(|_| missing(kw, "expects a positive delay in milliseconds"))?;
    b.tcp_ut = Some(t.value);
    Ok(())
}

fn namespace_opt(cx: &Cx, b: &mut Bind, kw: &str, arg: &str) -> R {
    need(kw, arg, "missing namespace id")?;
    if cx.host.stat(&format!("/var/run/netns/{arg}")).is_err() {
        return Err(OptErr {
            pre: Some(format!("Cannot open namespace '{arg}'.")),
            msg: format!("error encountered while processing '{kw}'."),
        });
    }
    b.namespace = Some(arg.to_string());
    Ok(())
}

fn crt_opt(cx: &Cx, b: &mut Bind, kw: &str, arg: &str) -> R {
    need(kw, arg, "missing certificate location")?;
    let path = with_base(cx.cfg.global.crt_base.as_deref(), arg);
    if kw == "crt-list" {
        cx.host
            .read(&path)
            .map_err(|e| OptErr::from(format!("'{kw}' : cannot open file '{path}' : {e}")))?;
        b.ssl.crt_list.push(path);
        return Ok(());
    }
    check_crt(cx, &path)?;
    b.ssl.crt.push(path);
    Ok(())
}

fn ca_opt(cx: &Cx, b: &mut Bind, kw: &str, arg: &str) -> R {
    let what = if kw == "crl-file" {
        "missing CRLfile path"
    } else {
        "missing CAfile path"
    };
    need(kw, arg, what)?;
    let path = with_base(cx.cfg.global.ca_base.as_deref(), arg);
    check_ca(cx, &path).map_err(|pre| OptErr {
        pre: Some(pre),
        msg: format!("'{kw}' : unable to load {path}"),
    })?;
    match kw {
        "ca-file" => b.ssl.ca_file = Some(path),
        "crl-file" => b.ssl.crl_file = Some(path),
        _ => b.other.push(format!("{kw}={path}")),
    }
    Ok(())
}

fn verify_opt(_: &Cx, b: &mut Bind, kw: &str, arg: &str) -> R {
    need(kw, arg, "missing verify method")?;
    if !matches!(arg, "none" | "optional" | "required") {
        return Err(format!(
            "'{kw}' : unknown verify method '{arg}', only 'none', 'optional', and 'required' are supported"
        )
        .into());
    }
    b.ssl.verify = Some(arg.to_string());
    Ok(())
}

/// `ssl-min-ver` / `ssl-max-ver` (shared with server lines).
pub(crate) fn tls_version_error(kw: &str, arg: &str) -> Option<String> {
    if arg.is_empty() {
        return Some(format!("'{kw}' : missing the ssl/tls version"));
    }
    let known = ["SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"];
    (!known.contains(&arg)).then(|| format!("'{arg}' : unknown ssl/tls version"))
}

fn tls_ver_opt(_: &Cx, b: &mut Bind, kw: &str, arg: &str) -> R {
    if let Some(e) = tls_version_error(kw, arg) {
        return Err(e.into());
    }
    if kw == "ssl-min-ver" {
        b.ssl.min_ver = Some(arg.to_string());
    } else {
        b.ssl.max_ver = Some(arg.to_string());
    }
    Ok(())
}

fn tickets_opt(cx: &Cx, b: &mut Bind, kw: &str, arg: &str) -> R {
    need(kw, arg, "missing TLS ticket keys file path")?;
    let path = with_base(cx.cfg.global.crt_base.as_deref(), arg);
    cx.host
        .read(&path)
        .map_err(|_| OptErr::from(format!("'{path}' : unable to load ssl tickets keys file")))?;
    b.other.push(format!("{kw}={path}"));
    Ok(())
}

/// Every 2.6 bind option, in `-dKall` order (the "did you mean" order).
pub(crate) static BIND_OPTS: &[BindOpt] = &[
    opt("accept-netscaler-cip", true, number_opt),
    opt("accept-proxy", false, flag_opt),
    opt("backlog", true, number_opt),
    opt("defer-accept", false, flag_opt),
    opt("expose-fd", true, choice_opt),
    opt("gid", true, number_opt),
    opt("group", true, owner_opt),
    opt("id", true, id_opt),
    opt("interface", true, text_opt),
    opt("level", true, choice_opt),
    opt("maxconn", true, number_opt),
    opt("mode", true, mode_opt),
    opt("mss", true, text_opt),
    opt("name", true, text_opt),
    opt("namespace", true, namespace_opt),
    opt("nice", true, number_opt),
    opt("process", true, set_opt),
    opt("proto", true, proto_opt),
    opt("severity-output", true, choice_opt),
    opt("shards", true, shards_opt),
    opt("tcp-ut", true, tcp_ut_opt),
    opt("tfo", false, flag_opt),
    opt("thread", true, set_opt),
    opt("transparent", false, flag_opt),
    opt("uid", true, number_opt),
    opt("user", true, owner_opt),
    opt("v4v6", false, flag_opt),
    opt("v6only", false, flag_opt),
    opt("allow-0rtt", false, flag_opt),
    opt("alpn", true, text_opt),
    opt("ca-file", true, ca_opt),
    opt("ca-ignore-err", true, text_opt),
    opt("ca-sign-file", true, text_opt),
    opt("ca-sign-pass", true, text_opt),
    opt("ca-verify-file", true, ca_opt),
    opt("ciphers", true, text_opt),
    opt("ciphersuites", true, text_opt),
    opt("crl-file", true, ca_opt),
    opt("crt", true, crt_opt),
    opt("crt-ignore-err", true, text_opt),
    opt("crt-list", true, crt_opt),
    opt("curves", true, text_opt),
    opt("ecdhe", true, text_opt),
    opt("force-sslv3", false, flag_opt),
    opt("force-tlsv10", false, flag_opt),
    opt("force-tlsv11", false, flag_opt),
    opt("force-tlsv12", false, flag_opt),
    opt("force-tlsv13", false, flag_opt),
    opt("generate-certificates", false, flag_opt),
    opt("no-ca-names", false, flag_opt),
    opt("no-sslv3", false, flag_opt),
    opt("no-tls-tickets", false, flag_opt),
    opt("no-tlsv10", false, flag_opt),
    opt("no-tlsv11", false, flag_opt),
    opt("no-tlsv12", false, flag_opt),
    opt("no-tlsv13", false, flag_opt),
    opt("npn", true, text_opt),
    opt("prefer-client-ciphers", false, flag_opt),
    opt("ssl", false, flag_opt),
    opt("ssl-max-ver", true, tls_ver_opt),
    opt("ssl-min-ver", true, tls_ver_opt),
    opt("strict-sni", false, flag_opt),
    opt("tls-ticket-keys", true, tickets_opt),
    opt("verify", true, verify_opt),
];
