//! `if`/`unless` conditions over what a TCP connection knows at accept
//! time: `src`, `src_port`, `dst`, `dst_port`, `always_true`,
//! `always_false` and the predefined `TRUE`, `FALSE`, `LOCALHOST` ACLs
//! (haproxy's `acl_exec_cond` restricted to layer-4 fetches).

use model::ir::proxy::Proxy;
use model::ir::rules::{AclExpr, AclRef, Condition};
use std::net::{IpAddr, SocketAddr};

/// The facts a condition is evaluated against.
#[derive(Clone, Copy, Debug)]
pub struct Facts {
    pub src: Option<SocketAddr>,
    pub dst: Option<SocketAddr>,
}

#[derive(Clone, Debug)]
enum Side {
    Src,
    Dst,
}

/// One ACL line, compiled.
#[derive(Clone, Debug)]
enum Matcher {
    Ip(Side, Vec<Net>),
    Port(Side, Vec<(i64, i64)>),
    Const(bool),
}

/// An IP network; IPv4 networks also match IPv4-mapped IPv6 addresses, as
/// haproxy's `pat_match_ip` does.
#[derive(Clone, Copy, Debug)]
struct Net {
    addr: IpAddr,
    prefix: u8,
}

impl Net {
    fn contains(&self, ip: IpAddr) -> bool {
        let ip = match (self.addr, ip) {
            (IpAddr::V4(_), IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => return false,
            },
            (IpAddr::V6(_), IpAddr::V4(v4)) => IpAddr::V6(v4.to_ipv6_mapped()),
            _ => ip,
        };
        match (self.addr, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(n) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

/// A named ACL may have several lines: they are OR-ed.
#[derive(Clone, Debug)]
struct Term {
    negated: bool,
    any_of: Vec<Matcher>,
}

/// A compiled condition.
#[derive(Clone, Debug, Default)]
pub struct Cond {
    unless: bool,
    /// OR of AND-ed suites.
    suites: Vec<Vec<Term>>,
}

impl Cond {
    pub fn eval(&self, f: &Facts) -> bool {
        let hit = self.suites.iter().any(|suite| {
            suite
                .iter()
                .all(|t| t.any_of.iter().any(|m| m.eval(f)) != t.negated)
        });
        hit != self.unless
    }
}

impl Matcher {
    fn eval(&self, f: &Facts) -> bool {
        let addr = |side: &Side| match side {
            Side::Src => f.src,
            Side::Dst => f.dst,
        };
        match self {
            Matcher::Const(b) => *b,
            Matcher::Ip(side, nets) => match addr(side) {
                Some(a) => nets.iter().any(|n| n.contains(a.ip())),
                None => false,
            },
            Matcher::Port(side, ranges) => match addr(side) {
                Some(a) => {
                    let p = i64::from(a.port());
                    ranges.iter().any(|(lo, hi)| *lo <= p && p <= *hi)
                }
                None => false,
            },
        }
    }
}

/// Compiles `c` in the context of `px`'s ACLs; the error names what the
/// runtime cannot evaluate.
pub fn compile(px: &Proxy, c: &Condition) -> Result<Cond, String> {
    let mut suites = Vec::new();
    for suite in &c.terms {
        let mut terms = Vec::new();
        for t in suite {
            let any_of = match &t.acl {
                AclRef::Anonymous(e) => vec![matcher(e)?],
                AclRef::Named(n) => named(px, n)?,
            };
            terms.push(Term {
                negated: t.negated,
                any_of,
            });
        }
        suites.push(terms);
    }
    Ok(Cond {
        unless: c.unless,
        suites,
    })
}

fn named(px: &Proxy, name: &str) -> Result<Vec<Matcher>, String> {
    let lines: Vec<&AclExpr> = px.acls_named(name).map(|a| &a.expr).collect();
    if !lines.is_empty() {
        return lines.into_iter().map(matcher).collect();
    }
    match name {
        "TRUE" => Ok(vec![Matcher::Const(true)]),
        "FALSE" => Ok(vec![Matcher::Const(false)]),
        "LOCALHOST" => Ok(vec![Matcher::Ip(
            Side::Src,
            vec![Net {
                addr: IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 0)),
                prefix: 8,
            }],
        )]),
        _ => Err(format!("acl {name}")),
    }
}

fn matcher(e: &AclExpr) -> Result<Matcher, String> {
    if !e.sample.convs.is_empty() || !e.files.is_empty() {
        return Err(format!("acl {} (converters or pattern files)", e.criterion));
    }
    let side = |f: &str| {
        if f.starts_with("src") {
            Side::Src
        } else {
            Side::Dst
        }
    };
    let f = e.sample.fetch.as_str();
    match (f, e.method.as_str()) {
        ("always_true", _) => Ok(Matcher::Const(true)),
        ("always_false", _) => Ok(Matcher::Const(false)),
        ("src" | "dst", "ip") => {
            let nets = e
                .patterns
                .iter()
                .map(|p| net(p).ok_or_else(|| format!("acl pattern {p}")))
                .collect::<Result<_, _>>()?;
            Ok(Matcher::Ip(side(f), nets))
        }
        ("src_port" | "dst_port", "int") => {
            let ranges = int_patterns(&e.patterns).ok_or_else(|| format!("acl {}", e.criterion))?;
            Ok(Matcher::Port(side(f), ranges))
        }
        _ => Err(format!("acl fetch {f}")),
    }
}

/// `1.2.3.4`, `10.0.0.0/8`, `10.0.0.0/255.0.0.0`, `::1`, `2001:db8::/32`.
fn net(p: &str) -> Option<Net> {
    let (a, m) = match p.split_once('/') {
        Some((a, m)) => (a, Some(m)),
        None => (p, None),
    };
    let addr: IpAddr = a.parse().ok()?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let prefix = match m {
        None => max,
        Some(m) => match m.parse::<u8>() {
            Ok(n) if n <= max => n,
            Ok(_) => return None,
            Err(_) => {
                let mask: std::net::Ipv4Addr = m.parse().ok()?;
                let bits = u32::from(mask);
                if bits.leading_ones() + bits.trailing_zeros() != 32 {
                    return None;
                }
                bits.leading_ones() as u8
            }
        },
    };
    Some(Net { addr, prefix })
}

/// haproxy's integer patterns: `N`, `N:M`, `:M`, `N:`, and the operators
/// `eq|ge|gt|le|lt N` that apply to the following value.
fn int_patterns(pats: &[String]) -> Option<Vec<(i64, i64)>> {
    let mut out = Vec::new();
    let mut op: Option<&str> = None;
    for p in pats {
        match p.as_str() {
            "eq" | "ge" | "gt" | "le" | "lt" => {
                op = Some(p.as_str());
                continue;
            }
            _ => {}
        }
        let range = if let Some(o) = op {
            let n: i64 = p.parse().ok()?;
            match o {
                "eq" => (n, n),
                "ge" => (n, i64::MAX),
                "gt" => (n.saturating_add(1), i64::MAX),
                "le" => (i64::MIN, n),
                _ => (i64::MIN, n.saturating_sub(1)),
            }
        } else if let Some((lo, hi)) = p.split_once(':') {
            let lo = if lo.is_empty() {
                i64::MIN
            } else {
                lo.parse().ok()?
            };
            let hi = if hi.is_empty() {
                i64::MAX
            } else {
                hi.parse().ok()?
            };
            (lo, hi)
        } else {
            let n: i64 = p.parse().ok()?;
            (n, n)
        };
        out.push(range);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_and_mapped_addresses() {
        let n = net("10.0.0.0/8").unwrap();
        assert!(n.contains("10.1.2.3".parse().unwrap()));
        assert!(!n.contains("11.1.2.3".parse().unwrap()));
        assert!(n.contains("::ffff:10.9.9.9".parse().unwrap()));
        let m = net("192.168.0.0/255.255.0.0").unwrap();
        assert_eq!(m.prefix, 16);
        assert!(net("1.2.3.4/255.0.255.0").is_none());
        let v6 = net("2001:db8::/32").unwrap();
        assert!(v6.contains("2001:db8:1::1".parse().unwrap()));
        assert!(!v6.contains("2001:db9::1".parse().unwrap()));
        assert!(net("0.0.0.0/0")
            .unwrap()
            .contains("8.8.8.8".parse().unwrap()));
    }

    #[test]
    fn integer_patterns() {
        let r =
            int_patterns(&["80".into(), "1024:2048".into(), "ge".into(), "60000".into()]).unwrap();
        assert_eq!(r, vec![(80, 80), (1024, 2048), (60000, i64::MAX)]);
        assert!(int_patterns(&["x".into()]).is_none());
    }
}
