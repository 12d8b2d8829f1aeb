//! Address parsing: haproxy 2.6's `str2sa_range` (src/tools.c) for every
//! address form (`bind`, `server`, `log`, `stats socket`, `source`, peers
//! and nameservers), with its own second `$VAR` expansion (`env_expand`),
//! the family prefixes (`ipv4@`, `unix@`, `fd@`, `quic4@`...), ports, port
//! ranges and offsets, and the exact error texts.
//!
//! Errors are the message tail haproxy prints after `'<keyword>' : `; some
//! of haproxy's texts end with a line feed, kept here because some callers
//! print it (server lines show a blank line) and others strip it (`bind`).

use crate::cx::Cx;
use crate::units::atoi;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use syntax::Env;

#[path = "addr_spec.rs"]
mod spec;

pub use spec::{AddrRules, AddrSpec, Family, Ports, Target};

/// haproxy's `env_expand`: `$NAME` and `${NAME}` replaced by the variable's
/// value, unset ones by nothing. Names are letters, digits and `_`; a
/// missing `}` is tolerated.
pub fn env_expand(env: &dyn Env, text: &str) -> String {
    let b = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let Some(c) = b.get(i).copied() else { break };
        if c != b'$' {
            out.push(c);
            i += 1;
            continue;
        }
        let braced = b.get(i + 1) == Some(&b'{');
        let beg = i + 1 + usize::from(braced);
        let mut end = beg;
        while b
            .get(end)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        {
            end += 1;
        }
        let name = b.get(beg..end).unwrap_or_default();
        if let Some(v) = env.var(name) {
            out.extend_from_slice(&v);
        }
        i = end + usize::from(braced && b.get(end) == Some(&b'}'));
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// haproxy's `dns_hostname_validation`: what may be handed to the resolver.
pub fn hostname_is_valid(name: &str) -> bool {
    name.len() <= 255
        && name.split('.').all(|label| {
            label.len() <= 63
                && label
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        })
}

/// Parses a comma-separated list of addresses, as `bind` accepts. Empty
/// elements after a comma end the list; a leading empty one is an error.
pub fn parse_list(cx: &Cx, text: &str, rules: &AddrRules) -> Result<Vec<AddrSpec>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let (one, next) = match rest.split_once(',') {
            Some((a, b)) => (a, Some(b)),
            None => (rest, None),
        };
        out.push(parse(cx, one, rules)?);
        match next {
            Some(n) if !n.is_empty() => rest = n,
            _ => break,
        }
    }
    Ok(out)
}

/// Parses one address (`str2sa_range`). Host names are resolved through
/// `cx.host` when `rules.resolve` is set, kept as [`Target::Name`] when
/// `rules.keep_fqdn` is.
pub fn parse(cx: &Cx, text: &str, rules: &AddrRules) -> Result<AddrSpec, String> {
    let expanded = env_expand(&cx.env, text);
    if expanded.is_empty() {
        return Err(format!(
            "'{text}' resolves to an empty address (environment variable missing?)"
        ));
    }
    let (family, sock_dgram, ctrl_dgram, rest) = split_prefix(&expanded, rules);
    let mut spec = AddrSpec {
        text: text.to_string(),
        family,
        target: Target::Fd(0),
        ports: Ports::None,
        dgram: sock_dgram,
    };
    match family {
        Family::SockPair => {
            let fd = read_fd(rest, text)?;
            cx.host
                .fd_is_socket(fd)
                .map_err(|e| format!("cannot use file descriptor '{fd}' : {e}.\n"))?;
            spec.target = Target::SockPair(fd);
        }
        Family::Fd => {
            let fd = read_fd(rest, text)?;
            if rules.socket_fd {
                cx.host
                    .fd_is_socket(fd)
                    .map_err(|e| format!("cannot use file descriptor '{fd}' : {e}.\n"))?;
            } else if !rules.raw_fd {
                return Err(format!(
                    "a file descriptor is not acceptable here in '{text}'\n"
                ));
            }
            spec.target = Target::Fd(fd);
        }
        Family::Unix => spec.target = unix_target(&expanded, rest, text, rules)?,
        Family::Unspec | Family::V4 | Family::V6 => {
            let (host, ports) = split_port(rest, text, rules)?;
            spec.ports = ports;
            spec.target = ip_target(cx, host, family, text, rules)?;
            if let (Family::Unspec, Target::Ip(ip)) = (family, &spec.target) {
                spec.family = if ip.is_ipv4() { Family::V4 } else { Family::V6 };
            }
        }
    }
    if !ctrl_dgram && !rules.stream {
        return Err(format!("stream-type address not acceptable in '{text}'\n"));
    }
    if ctrl_dgram && !rules.dgram {
        return Err(format!("dgram-type address not acceptable in '{text}'\n"));
    }
    check_protocol(&spec, sock_dgram, ctrl_dgram)?;
    Ok(spec)
}

/// Strips `stream+`/`dgram+` and the family prefix; returns the family,
/// the socket type, the control-layer type (both `true` for datagram) and
/// the rest of the address.
fn split_prefix<'t>(s: &'t str, rules: &AddrRules) -> (Family, bool, bool, &'t str) {
    let default_dgram = rules.dgram && (rules.default_dgram || !rules.stream);
    let (mut sock, mut ctrl) = (default_dgram, default_dgram);
    let mut s = s;
    if let Some(r) = s.strip_prefix("stream+") {
        (s, sock, ctrl) = (r, false, false);
    } else if let Some(r) = s.strip_prefix("dgram+") {
        (s, sock, ctrl) = (r, true, true);
    }
    // (prefix, family, forced socket and control types: None keeps the default)
    type Prefix = (&'static str, Family, Option<(bool, bool)>);
    const PREFIXES: &[Prefix] = &[
        ("unix@", Family::Unix, None),
        ("uxdg@", Family::Unix, Some((true, true))),
        ("uxst@", Family::Unix, Some((false, false))),
        ("abns@", Family::Unix, None),
        ("ip@", Family::Unspec, None),
        ("ipv4@", Family::V4, None),
        ("ipv6@", Family::V6, None),
        ("tcp4@", Family::V4, Some((false, false))),
        ("udp4@", Family::V4, Some((true, true))),
        ("tcp6@", Family::V6, Some((false, false))),
        ("udp6@", Family::V6, Some((true, true))),
        ("tcp@", Family::Unspec, Some((false, false))),
        ("udp@", Family::Unspec, Some((true, true))),
        ("quic4@", Family::V4, Some((true, false))),
        ("quic6@", Family::V6, Some((true, false))),
        ("fd@", Family::Fd, None),
        ("sockpair@", Family::SockPair, None),
    ];
    for (p, fam, ty) in PREFIXES {
        if let Some(r) = s.strip_prefix(p) {
            if let Some((so, ct)) = ty {
                (sock, ctrl) = (*so, *ct);
            }
            // Keep the `abns@` marker for unix_target.
            let rest = if *p == "abns@" { s } else { r };
            return (*fam, sock, ctrl, rest);
        }
    }
    if s.starts_with('/') {
        return (Family::Unix, sock, ctrl, s);
    }
    (Family::Unspec, sock, ctrl, s)
}

fn read_fd(rest: &str, text: &str) -> Result<i32, String> {
    let (v, used) = crate::units::strtol(rest);
    if rest.is_empty() || v < 0 || used != rest.len() || v > i64::from(i32::MAX) {
        return Err(format!(
            "file descriptor '{rest}' is not a valid integer in '{text}'\n"
        ));
    }
    Ok(v as i32)
}

fn unix_target(
    _expanded: &str,
    rest: &str,
    text: &str,
    rules: &AddrRules,
) -> Result<Target, String> {
    let (path, abstract_ns) = match rest.strip_prefix("abns@") {
        Some(p) => (p, true),
        None => (rest, false),
    };
    let prefix = if abstract_ns {
        ""
    } else {
        rules.unix_prefix.as_deref().unwrap_or("")
    };
    // sun_path is 108 bytes; haproxy keeps room for `<path>.<pid>.<bak|tmp>`.
    let max = if abstract_ns {
        107
    } else {
        107_i64 - (prefix.len() as i64 + 10)
    };
    if path.len() as i64 > max {
        return Err(format!("socket path '{text}' too long (max {max})\n"));
    }
    Ok(Target::Unix {
        path: format!("{prefix}{path}"),
        abstract_ns,
    })
}

/// Splits the host from the port at the last `:` (unless a `]` comes
/// after it) and reads the port part.
fn split_port<'t>(s: &'t str, text: &str, rules: &AddrRules) -> Result<(&'t str, Ports), String> {
    let b = s.as_bytes();
    let mut at = b.len().saturating_sub(1);
    while at > 0 && !matches!(b.get(at), Some(b']' | b':')) {
        at -= 1;
    }
    let (host, port) = if b.get(at) == Some(&b':') {
        if !rules.port_ok {
            return Err(format!("port specification not permitted here in '{text}'"));
        }
        (s.get(..at).unwrap_or(""), s.get(at + 1..).unwrap_or(""))
    } else {
        if rules.port_mand {
            return Err(format!("missing port specification in '{text}'"));
        }
        (s, "")
    };
    let ports = read_ports(port, text, rules)?;
    Ok((host, ports))
}

fn read_ports(port: &str, text: &str, rules: &AddrRules) -> Result<Ports, String> {
    let first = port.chars().next();
    match first {
        Some(c) if c.is_ascii_digit() => {
            let (p1, p2) = match port.split_once('-') {
                Some(_) if !rules.port_range => {
                    return Err(format!("port range not permitted here in '{text}'"));
                }
                Some((a, b)) => (a, b),
                None => (port, port),
            };
            let min = i32::from(rules.port_mand);
            let (lo, hi) = (atoi(p1), atoi(p2));
            if lo < min || lo > 65535 {
                return Err(format!("invalid port '{p1}'"));
            }
            if hi < min || hi > 65535 {
                return Err(format!("invalid port '{p2}'"));
            }
            if lo > hi {
                return Err(format!("invalid port range '{lo}-{hi}'"));
            }
            Ok(Ports::Range(lo as u16, hi as u16))
        }
        Some(sign @ ('-' | '+')) => {
            if !rules.port_ofs {
                return Err(format!("port offset not permitted here in '{text}'"));
            }
            let n = atoi(port.get(1..).unwrap_or(""));
            Ok(Ports::Offset(if sign == '-' {
                n.wrapping_neg()
            } else {
                n
            }))
        }
        Some(c) => Err(format!(
            "invalid character '{c}' in port number '{port}' in '{text}'\n"
        )),
        None if rules.port_mand => Err(format!("missing port specification in '{text}'")),
        None => Ok(Ports::None),
    }
}

/// haproxy's `str2ip2` without resolution: literal addresses, `*`, empty
/// and `::`, with optional brackets, restricted to the forced family.
pub fn literal_ip(host: &str, family: Family) -> Option<IpAddr> {
    let inner = match host.strip_prefix('[') {
        Some(r) if host.len() >= 4 => r.strip_suffix(']')?,
        Some(_) => return None,
        None => host,
    };
    let v4_ok = matches!(family, Family::Unspec | Family::V4);
    let v6_ok = matches!(family, Family::Unspec | Family::V6);
    if inner == "::" {
        return v6_ok.then_some(IpAddr::V6(Ipv6Addr::UNSPECIFIED));
    }
    if inner.is_empty() || inner == "*" {
        return Some(match family {
            Family::V6 => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
            _ => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        });
    }
    if v6_ok {
        if let Ok(ip) = inner.parse::<Ipv6Addr>() {
            return Some(IpAddr::V6(ip));
        }
    }
    if v4_ok {
        if let Ok(ip) = inner.parse::<Ipv4Addr>() {
            return Some(IpAddr::V4(ip));
        }
    }
    None
}

/// Resolves `name` with the system resolver, keeping the first address of
/// the forced family, as `getaddrinfo` with a family hint would.
pub fn resolve_name(cx: &Cx, name: &str, family: Family) -> Option<IpAddr> {
    cx.host.resolve(name).into_iter().find(|ip| match family {
        Family::V4 => ip.is_ipv4(),
        Family::V6 => ip.is_ipv6(),
        _ => true,
    })
}

fn ip_target(
    cx: &Cx,
    host: &str,
    family: Family,
    text: &str,
    rules: &AddrRules,
) -> Result<Target, String> {
    if let Some(ip) = literal_ip(host, family) {
        return Ok(Target::Ip(ip));
    }
    let invalid = || format!("invalid address: '{host}' in '{text}'\n");
    if rules.resolve {
        let inner = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        if !hostname_is_valid(inner) {
            return Err(invalid());
        }
        return resolve_name(cx, inner, family)
            .map(Target::Ip)
            .ok_or_else(invalid);
    }
    if rules.keep_fqdn {
        return Ok(Target::Name(host.to_string()));
    }
    Err(invalid())
}

/// haproxy's `protocol_lookup`: which (family, socket type, control type)
/// combinations this build registers (no QUIC).
fn check_protocol(spec: &AddrSpec, sock_dgram: bool, ctrl_dgram: bool) -> Result<(), String> {
    let known = match spec.family {
        Family::Fd => true,
        Family::Unspec => matches!(spec.target, Target::Name(_)),
        Family::V4 | Family::V6 | Family::Unix => sock_dgram == ctrl_dgram,
        Family::SockPair => !sock_dgram && !ctrl_dgram,
    };
    if known || matches!(spec.target, Target::Name(_)) {
        return Ok(());
    }
    let kind = |d: bool| if d { "datagram" } else { "stream" };
    let quic = if !ctrl_dgram && sock_dgram {
        "; QUIC is not compiled in if this is what you were looking for."
    } else {
        ""
    };
    Err(format!(
        "unsupported {} protocol for {} family {} address '{}'{}",
        kind(ctrl_dgram),
        kind(sock_dgram),
        spec.family.number(),
        spec.text,
        quic
    ))
}

#[cfg(test)]
#[path = "addr_tests.rs"]
mod tests;
