//! The address of a `log` target: the subset of haproxy's `str2sa_range`
//! that `parse_logsrv` accepts (datagram and stream families, `fd@`, UNIX
//! paths, host names resolved at parse time), plus `stdout`, `stderr` and
//! `ring@`. Errors are returned as haproxy's text after `log : `.

use crate::host::Host;
use crate::ir::log::LogDest;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The syslog port used when the target has none.
const SYSLOG_PORT: u16 = 514;

/// Which transport and address family a prefix forces.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Any,
    V4,
    V6,
}

/// Parses a `log` target address.
pub(crate) fn parse(host: &dyn Host, raw: &str) -> Result<LogDest, String> {
    match raw {
        "stdout" => return Ok(LogDest::Fd(1)),
        "stderr" => return Ok(LogDest::Fd(2)),
        _ => {}
    }
    if let Some(name) = raw.strip_prefix("ring@") {
        return Ok(LogDest::Ring(name.to_string()));
    }
    if let Some((prefix, rest)) = raw.split_once('@') {
        if let Some(dest) = parse_prefixed(host, raw, prefix, rest)? {
            return Ok(dest);
        }
    }
    if raw.starts_with('/') {
        return Ok(LogDest::Unix(raw.to_string()));
    }
    parse_inet(host, raw, raw, Family::Any).map(LogDest::Udp)
}

/// Targets with a `proto@` prefix; `None` when the prefix is not one
/// (the whole word is then an address, as in haproxy).
fn parse_prefixed(
    host: &dyn Host,
    raw: &str,
    prefix: &str,
    rest: &str,
) -> Result<Option<LogDest>, String> {
    let dest = match prefix {
        "unix" => LogDest::Unix(rest.to_string()),
        "abns" => LogDest::Abns(rest.to_string()),
        "fd" => LogDest::Fd(parse_fd(raw, rest)?),
        "sockpair" => {
            let fd = parse_fd(raw, rest)?;
            host.fd_is_socket(fd)
                .map_err(|e| format!("cannot use file descriptor '{rest}' : {e}.\n"))?;
            LogDest::Fd(fd)
        }
        "ipv4" | "udp" | "udp4" => LogDest::Udp(parse_inet(host, raw, rest, Family::V4)?),
        "ipv6" | "udp6" => LogDest::Udp(parse_inet(host, raw, rest, Family::V6)?),
        "tcp" | "tcp4" => LogDest::Tcp(parse_inet(host, raw, rest, Family::V4)?),
        "tcp6" => LogDest::Tcp(parse_inet(host, raw, rest, Family::V6)?),
        "quic4" | "quic6" => {
            let fam = if prefix == "quic4" { 2 } else { 10 };
            return Err(format!(
                "unsupported stream protocol for datagram family {fam} address '{raw}'; QUIC is not compiled in if this is what you were looking for."
            ));
        }
        _ => return Ok(None),
    };
    Ok(Some(dest))
}

fn parse_fd(raw: &str, text: &str) -> Result<i32, String> {
    let (v, n) = crate::units::strtol(text);
    if n == 0 || n != text.len() {
        return Err(format!(
            "file descriptor '{text}' is not a valid integer in '{raw}'\n"
        ));
    }
    i32::try_from(v)
        .map_err(|_| format!("file descriptor '{text}' is not a valid integer in '{raw}'\n"))
}

/// `host[:port]` or `[v6]:port`; the port separator is the last colon.
fn parse_inet(host: &dyn Host, raw: &str, text: &str, fam: Family) -> Result<SocketAddr, String> {
    let (name, port) = if let Some(inner) = text.strip_prefix('[') {
        match inner.split_once(']') {
            Some((h, tail)) => (h, tail.strip_prefix(':')),
            None => (text, None),
        }
    } else {
        match text.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (text, None),
        }
    };
    let port = match port {
        Some(p) => parse_port(raw, p)?,
        None => 0,
    };
    let port = if port == 0 { SYSLOG_PORT } else { port };
    let ip = match name {
        "" | "*" => match fam {
            Family::V6 => IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED),
            _ => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        },
        _ => resolve(host, name, fam)
            .ok_or_else(|| format!("invalid address: '{name}' in '{raw}'\n"))?,
    };
    Ok(SocketAddr::new(ip, port))
}

fn resolve(host: &dyn Host, name: &str, fam: Family) -> Option<IpAddr> {
    host.resolve(name).into_iter().find(|ip| match fam {
        Family::Any => true,
        Family::V4 => ip.is_ipv4(),
        Family::V6 => ip.is_ipv6(),
    })
}

/// A log target port: one number, no range and no offset.
fn parse_port(raw: &str, text: &str) -> Result<u16, String> {
    if text.starts_with('+') || text.starts_with('-') {
        return Err(format!("port offset not permitted here in '{raw}'"));
    }
    if text.contains('-') {
        return Err(format!("port range not permitted here in '{raw}'"));
    }
    if let Some(c) = text.chars().find(|c| !c.is_ascii_digit()) {
        return Err(format!(
            "invalid character '{c}' in port number '{text}' in '{raw}'\n"
        ));
    }
    let (v, _) = crate::units::read_uint(text);
    if text.len() > 5 || v > 65535 {
        return Err(format!("invalid port '{text}'"));
    }
    Ok(v as u16)
}
