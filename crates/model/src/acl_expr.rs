//! haproxy's `parse_acl_expr()`: the criterion (an ACL keyword such as
//! `path_beg` or any sample fetch expression), the flags (`-i -f -m -n -M
//! -u --`) and the patterns, validated per matching method.

use crate::acl_keywords;
use crate::host::Host;
use crate::ir::rules::{AclExpr, SampleExpr};
use crate::sample_args::{is_int64, make_arg_list};
use crate::sample_expr::{self, is_idchar, Parsed, Source};
use crate::sample_fetches;
use crate::sample_types::SmpType;

/// The matching methods (`pat_match_names`) and the sample type each one
/// expects (`pat_match_types`).
const METHODS: [(&str, SmpType); 13] = [
    ("found", SmpType::Sint),
    ("bool", SmpType::Sint),
    ("int", SmpType::Sint),
    ("ip", SmpType::Addr),
    ("bin", SmpType::Bin),
    ("len", SmpType::Str),
    ("str", SmpType::Str),
    ("beg", SmpType::Str),
    ("sub", SmpType::Str),
    ("dir", SmpType::Str),
    ("dom", SmpType::Str),
    ("end", SmpType::Str),
    ("reg", SmpType::Str),
];

/// What parsing an expression produced besides the IR: haproxy's
/// "no pattern" warning text when it applies.
pub struct Outcome {
    pub expr: AclExpr,
    pub warning: Option<String>,
}

/// Parses `words` (criterion first, then flags and patterns). The error is
/// haproxy's message without the caller's context.
pub fn parse_acl_expr(host: &dyn Host, words: &[String]) -> Result<Outcome, String> {
    let criterion = words.first().cloned().unwrap_or_default();
    let mut idx = 0;
    let (sample, out, method) = match criterion_kw(&criterion) {
        Some((kw, fetch, method)) => {
            let p = parse_acl_keyword(host, &criterion, kw, fetch)?;
            let method = if p.expr.convs.is_empty() {
                Some(method.to_string())
            } else {
                default_method(p.out)
            };
            (p.expr, p.out, method)
        }
        None => {
            let src = Source {
                words,
                idx: &mut idx,
                endptr: false,
            };
            let p = sample_expr::parse(host, src)
                .map_err(|e| format!("{e} in ACL expression '{criterion}'"))?;
            (p.expr, p.out, default_method(p.out))
        }
    };
    let rest = words.get(idx + 1..).unwrap_or(&[]);
    let warning = (method.is_some() && out != SmpType::Bool && rest.is_empty())
        .then(|| no_pattern_warning(&criterion));
    let mut expr = AclExpr {
        criterion,
        sample,
        method: method.unwrap_or_default(),
        flags: Vec::new(),
        files: Vec::new(),
        patterns: Vec::new(),
    };
    let rest = parse_flags(host, &mut expr, out, rest)?;
    if expr.method.is_empty() {
        return Err(format!(
            "matching method must be specified first (using '-m') when using a sample fetch of this type ('{}')",
            expr.sample.fetch
        ));
    }
    check_patterns(host, &mut expr, rest)?;
    Ok(Outcome { expr, warning })
}

fn criterion_kw(criterion: &str) -> Option<(&str, &'static str, &'static str)> {
    let end = criterion
        .bytes()
        .position(|c| !is_idchar(c))
        .unwrap_or(criterion.len());
    let kw = &criterion[..end];
    acl_keywords::find(kw).map(|(f, m)| (kw, f, m))
}

/// An ACL keyword criterion: its own message wording (`ACL keyword 'x' :`).
fn parse_acl_keyword(
    host: &dyn Host,
    criterion: &str,
    kw: &str,
    fetch_name: &str,
) -> Result<Parsed, String> {
    let fetch = sample_fetches::find(fetch_name)
        .ok_or_else(|| format!("unknown fetch method '{kw}' in ACL expression '{criterion}'"))?;
    let b = criterion.as_bytes();
    let list = make_arg_list(&b[kw.len()..], fetch.args, fetch.min_args as usize)
        .map_err(|e| format!("ACL keyword '{kw}' : {}", e.msg))?;
    let mut p = Parsed {
        expr: SampleExpr {
            fetch: fetch.name.to_string(),
            args: list.args,
            convs: Vec::new(),
        },
        fetch,
        out: fetch.out,
        end: kw.len() + list.end,
    };
    let words = [criterion.to_string()];
    let mut idx = 0;
    let src = Source {
        words: &words,
        idx: &mut idx,
        endptr: false,
    };
    sample_expr::parse_convs(host, src, &mut p).map_err(|e| {
        if e.starts_with("missing comma after fetch") {
            format!("ACL keyword '{kw}' : missing comma after fetch keyword.")
        } else {
            format!("ACL keyword '{kw}' : {e}.")
        }
    })?;
    Ok(p)
}

/// The matching method used when none is forced, by sample type.
fn default_method(ty: SmpType) -> Option<String> {
    let m = match ty {
        SmpType::Bool => "bool",
        SmpType::Sint => "int",
        SmpType::Addr | SmpType::Ipv4 | SmpType::Ipv6 => "ip",
        SmpType::Str | SmpType::Meth => "str",
        SmpType::Bin => "bin",
        SmpType::Any => return None,
    };
    Some(m.to_string())
}

fn no_pattern_warning(criterion: &str) -> String {
    format!(
        "parsing acl keyword '{criterion}' :\n  no pattern to match against were provided, so this ACL will never match.\n  If this is what you intended, please add '--' to get rid of this warning.\n  If you intended to match only for existence, please use '-m found'.\n  If you wanted to force an int to match as a bool, please use '-m bool'.\n"
    )
}

/// The option words before the patterns; returns the patterns.
fn parse_flags<'w>(
    host: &dyn Host,
    expr: &mut AclExpr,
    out: SmpType,
    mut rest: &'w [String],
) -> Result<&'w [String], String> {
    let mut loaded = false;
    while let Some(w) = rest.first().filter(|w| w.starts_with('-')) {
        let arg = rest.get(1).map(String::as_str).unwrap_or("");
        let mut used = 1;
        match w.as_str() {
            "-i" | "-n" | "-M" => expr.flags.push(w.clone()),
            "-u" => {
                if !is_int64(arg) && !arg.is_empty() {
                    return Err("the argument of -u must be an integer".to_string());
                }
                expr.flags.push(format!("-u {arg}"));
                used = 2;
            }
            "-f" => {
                if expr.method.is_empty() {
                    return Err(format!("matching method must be specified first (using '-m') when using a sample fetch of this type ('{}')", expr.sample.fetch));
                }
                if host.read(arg).is_err() {
                    return Err(format!("failed to open pattern file <{arg}>"));
                }
                expr.files.push(arg.to_string());
                loaded = true;
                used = 2;
            }
            "-m" => {
                if loaded {
                    return Err("'-m' must only be specified before patterns and files in parsing ACL expression".to_string());
                }
                let Some((name, ty)) = METHODS.iter().find(|(n, _)| *n == arg) else {
                    return Err(format!(
                        "unknown matching method '{arg}' when parsing ACL expression"
                    ));
                };
                if *name != "found" && !out.casts_to(*ty) {
                    return Err(format!(
                        "matching method '{arg}' cannot be used with fetch keyword '{}'",
                        expr.sample.fetch
                    ));
                }
                expr.method = name.to_string();
                used = 2;
            }
            "--" => return Ok(rest.get(1..).unwrap_or(&[])),
            _ => {
                return Err(format!("'{w}' is not a valid ACL option. Please use '--' before any pattern beginning with a '-'"));
            }
        }
        rest = rest.get(used..).unwrap_or(&[]);
    }
    Ok(rest)
}

/// Validates the patterns for the matching method, haproxy's pattern
/// parsers' messages included.
fn check_patterns(host: &dyn Host, expr: &mut AclExpr, pats: &[String]) -> Result<(), String> {
    let int_like = matches!(expr.method.as_str(), "int" | "len");
    let mut op = false;
    for p in pats {
        expr.patterns.push(p.clone());
        if int_like {
            if matches!(p.as_str(), "eq" | "ge" | "gt" | "le" | "lt") {
                op = p != "eq";
                continue;
            }
            if !valid_int_range(p) {
                return Err(if op && !p.contains([':', '-']) {
                    format!("'{p}' is neither a number nor a supported operator")
                } else {
                    format!("'{p}' is not a number")
                });
            }
        } else if expr.method == "ip"
            && !valid_ip_pattern(host, p, expr.flags.iter().any(|f| f == "-n"))
        {
            return Err(format!("'{p}' is not a valid IPv4 or IPv6 address"));
        }
    }
    Ok(())
}

/// `pat_parse_int`: `n`, `n:m`, `:m`, `n:`.
fn valid_int_range(p: &str) -> bool {
    let num = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    match p.split_once(':') {
        Some((a, b)) => num(a) && num(b) && !(a.is_empty() && b.is_empty()),
        None => !p.is_empty() && is_int64(p),
    }
}

/// `pat_parse_ip`: an address or network, or a host name unless `-n`.
fn valid_ip_pattern(host: &dyn Host, p: &str, no_dns: bool) -> bool {
    let (addr, mask) = match p.split_once('/') {
        Some((a, m)) => (a, Some(m)),
        None => (p, None),
    };
    if let Ok(ip) = addr.parse::<std::net::IpAddr>() {
        let max = if ip.is_ipv4() { 32 } else { 128 };
        return match mask {
            None => true,
            Some(m) => {
                m.parse::<u8>().is_ok_and(|n| n <= max) || m.parse::<std::net::Ipv4Addr>().is_ok()
            }
        };
    }
    mask.is_none() && !no_dns && !host.resolve(addr).is_empty()
}

/// Renders an expression compactly: `path_beg -i /api /static`.
pub fn dump(e: &AclExpr) -> String {
    let mut s = e.criterion.clone();
    for f in &e.flags {
        s.push(' ');
        s.push_str(f);
    }
    for f in &e.files {
        s.push_str(" -f ");
        s.push_str(f);
    }
    for p in &e.patterns {
        s.push(' ');
        s.push_str(p);
    }
    s
}
