//! The `server` / `default-server` option keywords of haproxy 2.6 (`srv_kws`
//! in src/server.c, src/check.c, src/cfgparse-ssl.c...), with their
//! validation and exact texts. The caller appends haproxy's final `.`,
//! which is why several of these texts end up with `..`.

use crate::cx::Cx;
use crate::ir::server::Server;
use crate::kw::bind::bind_ssl::{check_ca, with_base};
use crate::kw::bind::tls_version_error;
use crate::units::{atoi_like, parse_time, strtol, TimeError, TimeUnit};

/// An option error: the message tail, and an optional second alert haproxy
/// prints on its own line (the CA loader's).
pub(crate) struct SrvErr {
    pub msg: String,
    pub after: Option<String>,
}

impl From<String> for SrvErr {
    fn from(msg: String) -> SrvErr {
        SrvErr { msg, after: None }
    }
}

type R = Result<(), SrvErr>;
type OptFn = fn(&Cx, &mut Server, &str, &str) -> R;

pub(crate) struct SrvOpt {
    pub name: &'static str,
    pub takes_arg: bool,
    pub parse: OptFn,
}

const fn opt(name: &'static str, takes_arg: bool, parse: OptFn) -> SrvOpt {
    SrvOpt {
        name,
        takes_arg,
        parse,
    }
}

fn need(arg: &str, msg: impl FnOnce() -> String) -> Result<&str, SrvErr> {
    if arg.is_empty() {
        Err(msg().into())
    } else {
        Ok(arg)
    }
}

fn flag_opt(_: &Cx, s: &mut Server, kw: &str, _: &str) -> R {
    let neg = kw.strip_prefix("no-");
    match kw {
        "check" => s.check.enabled = true,
        "no-check" => s.check.enabled = false,
        "agent-check" => s.agent.enabled = true,
        "no-agent-check" => s.agent.enabled = false,
        "backup" => s.backup = true,
        "no-backup" => s.backup = false,
        "disabled" => s.disabled = true,
        "enabled" => s.disabled = false,
        "ssl" => s.ssl.enabled = true,
        "no-ssl" => s.ssl.enabled = false,
        "check-ssl" => s.check.ssl = true,
        "no-check-ssl" => s.check.ssl = false,
        "check-send-proxy" => s.check.send_proxy = true,
        "no-check-send-proxy" => s.check.send_proxy = false,
        "check-via-socks4" => s.check.via_socks4 = true,
        "non-stick" => s.non_stick = true,
        "stick" => s.non_stick = false,
        "send-proxy" | "send-proxy-v2" | "send-proxy-v2-ssl" | "send-proxy-v2-ssl-cn" => {
            s.send_proxy = Some(kw.to_string())
        }
        _ if neg.is_some_and(|n| n.starts_with("send-proxy")) => s.send_proxy = None,
        _ => {
            // `no-X` cancels an inherited `X`; plain TLS tuning flags are kept.
            let base = neg.unwrap_or(kw);
            s.other.retain(|o| o != base);
            s.other.retain(|o| o != kw);
            s.other.push(kw.to_string());
        }
    }
    Ok(())
}

/// Check and agent delays (`srv_parse_check_inter` and friends: haproxy
/// names `agent-inter` in the bad-character message whatever the option).
fn delay_opt(_: &Cx, s: &mut Server, kw: &str, arg: &str) -> R {
    let name = s.name.clone();
    let slow = kw == "slowstart";
    if arg.is_empty() && !slow {
        return Err(format!("'{kw}' expects a delay as argument.").into());
    }
    let shown = if slow { "slowstart" } else { "agent-inter" };
    let v = match parse_time(arg, TimeUnit::Ms) {
        Ok(t) => t.value,
        Err(TimeError::Overflow) => {
            return Err(format!(
                "timer overflow in argument <{arg}> to <{kw}> of server {name}, maximum value is 2147483647 ms (~24.8 days)."
            )
            .into())
        }
        Err(TimeError::Underflow) => {
            return Err(format!(
                "timer underflow in argument <{arg}> to <{kw}> of server {name}, minimum non-null value is 1 ms."
            )
            .into())
        }
        // haproxy prints the NUL byte of an empty argument with `%c`, which
        // ends the message there.
        Err(TimeError::Char(None, _)) => return Err("unexpected character '".to_string().into()),
        Err(TimeError::Char(Some(c), _)) => {
            return Err(format!("unexpected character '{c}' in '{shown}' argument of server {name}.").into())
        }
    };
    if v == 0 && !slow {
        return Err(format!("invalid value 0 for argument '{kw}' of server {name}.").into());
    }
    match kw {
        "inter" => s.check.inter = Some(v),
        "fastinter" => s.check.fastinter = Some(v),
        "downinter" => s.check.downinter = Some(v),
        "agent-inter" => s.agent.inter = Some(v),
        _ => s.slowstart = Some(v),
    }
    Ok(())
}

fn count_opt(_: &Cx, s: &mut Server, kw: &str, arg: &str) -> R {
    need(arg, || format!("'{kw}' expects an integer argument."))?;
    let v = atoi_like(arg) as i32;
    if v <= 0 {
        let m = if kw == "error-limit" {
            "error-limit has to be > 0.".to_string()
        } else {
            format!("'{kw}' has to be > 0.")
        };
        return Err(m.into());
    }
    let v = Some(i64::from(v));
    match kw {
        "rise" => s.check.rise = v,
        "fall" => s.check.fall = v,
        _ => s.error_limit = v,
    }
    Ok(())
}

/// Numbers haproxy reads with `atol` and no check at all.
fn lax_number_opt(_: &Cx, s: &mut Server, kw: &str, arg: &str) -> R {
    let v = atoi_like(arg);
    match kw {
        "weight" => {
            if !(0..=256).contains(&v) {
                return Err(
                    format!("weight of server {} is not within 0 and 256 ({v}).", s.name).into(),
                );
            }
            s.weight = Some(v);
        }
        "maxconn" => s.maxconn = Some(v),
        "maxqueue" => s.maxqueue = Some(v),
        "minconn" => s.minconn = Some(v),
        _ => s.other.push(format!("{kw}={v}")),
    }
    Ok(())
}

fn port_opt(_: &Cx, s: &mut Server, kw: &str, arg: &str) -> R {
    need(arg, || format!("'{kw}' expects a port number as argument."))?;
    let v = Some(atoi_like(arg));
    if kw == "port" {
        s.check.port = v;
    } else {
        s.agent.port = v;
    }
    Ok(())
}

fn id_opt(_: &Cx, s: &mut Server, kw: &str, arg: &str) -> R {
    if arg.is_empty() {
        return Err(format!("'{kw}' : expects an integer argument").into());
    }
    let (v, _) = strtol(arg);
    if v <= 0 {
        return Err(format!("'{kw}' : custom id has to be > 0").into());
    }
    s.id = Some(v);
    Ok(())
}

fn addr_opt(cx: &Cx, s: &mut Server, kw: &str, arg: &str) -> R {
    let what = if kw == "addr" {
        "<ipv4|ipv6>"
    } else {
        "an address"
    };
    need(arg, || format!("'{kw}' expects {what} as argument."))?;
    let rules = crate::addr::AddrRules {
        resolve: true,
        port_ok: true,
        stream: true,
        ..Default::default()
    };
    crate::addr::parse(cx, arg, &rules)
        .map_err(|e| SrvErr::from(format!("'{kw}' : {}", e.trim_end_matches('\n'))))?;
    if kw == "addr" {
        s.check.addr = Some(arg.to_string());
    } else {
        s.agent.addr = Some(arg.to_string());
    }
    Ok(())
}

fn choice_opt(_: &Cx, s: &mut Server, kw: &str, arg: &str) -> R {
    let (ok, expects): (&[&str], &str) = match kw {
        "observe" => (
            &["none", "layer4", "layer7"],
            "one of 'none', 'layer4', 'layer7'",
        ),
        "on-error" => (
            &["fastinter", "fail-check", "sudden-death", "mark-down"],
            "one of 'fastinter', 'fail-check', 'sudden-death' or 'mark-down'",
        ),
        "on-marked-down" => (&["shutdown-sessions"], "'shutdown-sessions'"),
        _ => (&["shutdown-backup-sessions"], "'shutdown-backup-sessions'"),
    };
    if !ok.contains(&arg) {
        return Err(format!("'{kw}' expects {expects} but got '{arg}'.").into());
    }
    let v = Some(arg.to_string());
    match kw {
        "observe" => s.observe = v,
        "on-error" => s.on_error = v,
        "on-marked-down" => s.on_marked_down = v,
        _ => s.on_marked_up = v,
    }
    Ok(())
}

fn init_addr_opt(_: &Cx, s: &mut Server, kw: &str, arg: &str) -> R {
    for m in arg.split(',').filter(|m| !m.is_empty()) {
        let ok = matches!(m, "libc" | "last" | "none")
            || crate::addr::literal_ip(m, crate::addr::Family::Unspec).is_some();
        if !ok {
            return Err(format!(
                "'{kw}' : unknown init-addr method '{m}', supported methods are 'libc', 'last', 'none'."
            )
            .into());
        }
    }
    s.init_addr = Some(arg.to_string());
    Ok(())
}

fn text_opt(_: &Cx, s: &mut Server, kw: &str, arg: &str) -> R {
    let msg = || match kw {
        "cookie" => "'cookie' expects <value> as argument.".to_string(),
        "track" => "'track' expects [<proxy>/]<server> as argument.".to_string(),
        "agent-send" => "'agent-send' expects a string as argument.".to_string(),
        "sni" => "'sni' : missing sni expression".to_string(),
        "resolve-prefer" => "'resolve-prefer' expects either ipv4 or ipv6 as argument.".to_string(),
        _ => format!("'{kw}' expects an argument."),
    };
    let v = need(arg, msg)?.to_string();
    match kw {
        "cookie" => s.cookie = Some(v),
        "track" => s.track = Some(v),
        "agent-send" => s.agent.send = Some(v),
        "sni" => s.ssl.sni = Some(v),
        "alpn" => s.ssl.alpn = Some(v),
        "verifyhost" => s.ssl.verifyhost = Some(v),
        "check-sni" => s.check.sni = Some(v),
        "check-alpn" => s.check.alpn = Some(v),
        "check-proto" => s.check.proto = Some(v),
        "resolvers" => s.resolvers = Some(v),
        "resolve-prefer" if v == "ipv4" || v == "ipv6" => s.resolve_prefer = Some(v),
        "resolve-prefer" => return Err(msg().into()),
        _ => s.other.push(format!("{kw}={v}")),
    }
    Ok(())
}

fn ssl_file_opt(cx: &Cx, s: &mut Server, kw: &str, arg: &str) -> R {
    match kw {
        "verify" => {
            need(arg, || "'verify' : missing verify method".to_string())?;
            if arg != "none" && arg != "required" {
                return Err(format!(
                    "'verify' : unknown verify method '{arg}', only 'none' and 'required' are supported"
                )
                .into());
            }
            s.ssl.verify = Some(arg.to_string());
        }
        "ssl-min-ver" | "ssl-max-ver" => {
            if let Some(e) = tls_version_error(kw, arg) {
                return Err(e.into());
            }
            let v = Some(arg.to_string());
            if kw == "ssl-min-ver" {
                s.ssl.min_ver = v;
            } else {
                s.ssl.max_ver = v;
            }
        }
        "crt" => {
            need(arg, || "'crt' : missing certificate file path".to_string())?;
            s.ssl.crt = Some(with_base(cx.cfg.global.crt_base.as_deref(), arg));
        }
        _ => {
            need(arg, || format!("'{kw}' : missing CAfile path"))?;
            let path = with_base(cx.cfg.global.ca_base.as_deref(), arg);
            if let Err(pre) = check_ca(cx, &path) {
                return Err(SrvErr {
                    msg: pre.trim_end_matches('.').to_string(),
                    after: Some(format!("'{kw}' : unable to load {path}.")),
                });
            }
            if kw == "ca-file" {
                s.ssl.ca_file = Some(path);
            } else {
                s.ssl.crl_file = Some(path);
            }
        }
    }
    Ok(())
}

/// Every 2.6 server option, in `-dKall` order (the "did you mean" order).
pub(crate) static SERVER_OPTS: &[SrvOpt] = &[
    opt("addr", true, addr_opt),
    opt("agent-addr", true, addr_opt),
    opt("agent-check", false, flag_opt),
    opt("agent-inter", true, delay_opt),
    opt("agent-port", true, port_opt),
    opt("agent-send", true, text_opt),
    opt("allow-0rtt", false, flag_opt),
    opt("alpn", true, text_opt),
    opt("backup", false, flag_opt),
    opt("ca-file", true, ssl_file_opt),
    opt("check", false, flag_opt),
    opt("check-alpn", true, text_opt),
    opt("check-proto", true, text_opt),
    opt("check-send-proxy", false, flag_opt),
    opt("check-sni", true, text_opt),
    opt("check-ssl", false, flag_opt),
    opt("check-via-socks4", false, flag_opt),
    opt("ciphers", true, text_opt),
    opt("ciphersuites", true, text_opt),
    opt("cookie", true, text_opt),
    opt("crl-file", true, ssl_file_opt),
    opt("crt", true, ssl_file_opt),
    opt("disabled", false, flag_opt),
    opt("downinter", true, delay_opt),
    opt("enabled", false, flag_opt),
    opt("error-limit", true, count_opt),
    opt("fall", true, count_opt),
    opt("fastinter", true, delay_opt),
    opt("force-sslv3", false, flag_opt),
    opt("force-tlsv10", false, flag_opt),
    opt("force-tlsv11", false, flag_opt),
    opt("force-tlsv12", false, flag_opt),
    opt("force-tlsv13", false, flag_opt),
    opt("id", true, id_opt),
    opt("init-addr", true, init_addr_opt),
    opt("inter", true, delay_opt),
    opt("log-proto", true, text_opt),
    opt("max-reuse", true, lax_number_opt),
    opt("maxconn", true, lax_number_opt),
    opt("maxqueue", true, lax_number_opt),
    opt("minconn", true, lax_number_opt),
    opt("namespace", true, text_opt),
    opt("no-agent-check", false, flag_opt),
    opt("no-backup", false, flag_opt),
    opt("no-check", false, flag_opt),
    opt("no-check-send-proxy", false, flag_opt),
    opt("no-check-ssl", false, flag_opt),
    opt("no-send-proxy", false, flag_opt),
    opt("no-send-proxy-v2", false, flag_opt),
    opt("no-send-proxy-v2-ssl", false, flag_opt),
    opt("no-send-proxy-v2-ssl-cn", false, flag_opt),
    opt("no-ssl", false, flag_opt),
    opt("no-ssl-reuse", false, flag_opt),
    opt("no-sslv3", false, flag_opt),
    opt("no-tfo", false, flag_opt),
    opt("no-tls-tickets", false, flag_opt),
    opt("no-tlsv10", false, flag_opt),
    opt("no-tlsv11", false, flag_opt),
    opt("no-tlsv12", false, flag_opt),
    opt("no-tlsv13", false, flag_opt),
    opt("non-stick", false, flag_opt),
    opt("npn", true, text_opt),
    opt("observe", true, choice_opt),
    opt("on-error", true, choice_opt),
    opt("on-marked-down", true, choice_opt),
    opt("on-marked-up", true, choice_opt),
    opt("pool-low-conn", true, lax_number_opt),
    opt("pool-max-conn", true, lax_number_opt),
    opt("pool-purge-delay", true, text_opt),
    opt("port", true, port_opt),
    opt("proto", true, text_opt),
    opt("proxy-v2-options", true, text_opt),
    opt("redir", true, text_opt),
    opt("resolve-net", true, text_opt),
    opt("resolve-opts", true, text_opt),
    opt("resolve-prefer", true, text_opt),
    opt("resolvers", true, text_opt),
    opt("rise", true, count_opt),
    opt("send-proxy", false, flag_opt),
    opt("send-proxy-v2", false, flag_opt),
    opt("send-proxy-v2-ssl", false, flag_opt),
    opt("send-proxy-v2-ssl-cn", false, flag_opt),
    opt("slowstart", true, delay_opt),
    opt("sni", true, text_opt),
    opt("socks4", true, text_opt),
    opt("source", true, text_opt),
    opt("ssl", false, flag_opt),
    opt("ssl-max-ver", true, ssl_file_opt),
    opt("ssl-min-ver", true, ssl_file_opt),
    opt("ssl-reuse", false, flag_opt),
    opt("stick", false, flag_opt),
    opt("tcp-ut", true, text_opt),
    opt("tfo", false, flag_opt),
    opt("tls-tickets", false, flag_opt),
    opt("track", true, text_opt),
    opt("usesrc", false, flag_opt),
    opt("verify", true, ssl_file_opt),
    opt("verifyhost", true, text_opt),
    opt("weight", true, lax_number_opt),
    opt("ws", true, text_opt),
];
