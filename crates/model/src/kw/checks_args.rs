//! The argument parsers of `http-check` and `tcp-check` rules (haproxy's
//! `parse_tcpcheck_connect/send/expect/comment` and the http variants).
//! Each returns haproxy's inner message; the caller wraps it in
//! `'<family> <rule>' : <msg>.`, which is where haproxy's double periods
//! come from.

/// Which ruleset a rule belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Family {
    Http,
    Tcp,
}

fn get(args: &[String], i: usize) -> &str {
    args.get(i).map(String::as_str).unwrap_or("")
}

/// `connect [port <p>] [addr <ip>] [send-proxy] [via-socks4] [ssl]
/// [sni <s>] [alpn <l>] [proto <p>] [linger] [default] [comment <c>]`.
pub(super) fn connect(fam: Family, args: &[String]) -> Result<(), String> {
    let mut i = 0;
    while i < args.len() {
        let w = get(args, i);
        let val = get(args, i + 1);
        match w {
            "default" | "send-proxy" | "via-socks4" | "ssl" | "linger" => {}
            "comment" | "sni" if val.is_empty() => {
                return Err(format!("'{w}' expects a string as argument."))
            }
            "port" => port(val)?,
            "addr" if val.is_empty() => {
                return Err("'addr' expects <ipv4|ipv6> as argument.".to_string())
            }
            "addr" if !is_addr(val) => {
                return Err(format!("'addr' : invalid address: '{val}' in '{val}'\n."))
            }
            "alpn" if val.is_empty() => {
                return Err("'alpn' : missing the comma-delimited ALPN protocol suite".into())
            }
            "proto" => proto(fam, val)?,
            "comment" | "sni" | "addr" | "alpn" => {}
            _ => return Err(format!("expects 'comment', 'port', 'addr', 'send-proxy', 'ssl', 'sni', 'alpn' or 'via-socks4', 'linger', 'default' but got '{w}' as argument.")),
        }
        i += if matches!(w, "port" | "addr" | "comment" | "sni" | "alpn" | "proto") {
            2
        } else {
            1
        };
    }
    Ok(())
}

fn port(val: &str) -> Result<(), String> {
    if val.is_empty() {
        return Err("'port' expects a port number or a sample expression as argument.".into());
    }
    if val.bytes().all(|c| c.is_ascii_digit()) {
        let n: u64 = val.parse().unwrap_or(u64::MAX);
        if n == 0 || n > 65535 {
            return Err(format!("expects a valid TCP port (from range 1 to 65535) or a sample expression, got {val}."));
        }
    }
    Ok(())
}

/// A literal IPv4 or IPv6 address, optionally with a port (no resolution
/// happens for check addresses).
fn is_addr(val: &str) -> bool {
    use std::net::{IpAddr, SocketAddr};
    val.parse::<IpAddr>().is_ok()
        || val.parse::<SocketAddr>().is_ok()
        || val
            .rsplit_once(':')
            .is_some_and(|(h, p)| h.parse::<IpAddr>().is_ok() && p.parse::<u16>().is_ok())
}

/// The multiplexer protocols haproxy 2.6 knows, and whether each is HTTP.
fn proto(fam: Family, val: &str) -> Result<(), String> {
    let http = match val {
        "h2" | "h1" | "fcgi" => true,
        "none" => false,
        _ => return Err(format!("'proto' : unknown MUX protocol '{val}'.")),
    };
    if http != (fam == Family::Http) {
        let f = if fam == Family::Http {
            "http-check"
        } else {
            "tcp-check"
        };
        return Err(format!("'proto' : invalid MUX protocol '{val}' for {f}"));
    }
    Ok(())
}

/// `tcp-check send|send-lf|send-binary|send-binary-lf <data> [comment <c>]`.
pub(super) fn tcp_send(rule: &str, args: &[String]) -> Result<(), String> {
    let data = get(args, 0);
    if data.is_empty() {
        let what = if rule.starts_with("send-binary") {
            "binary string"
        } else {
            "string"
        };
        return Err(format!("'{what}' expects a {rule} as argument"));
    }
    if rule == "send-binary" {
        check_hex(data).map_err(|e| format!("'{data}' {e}\n"))?;
    }
    let mut i = 1;
    while i < args.len() {
        let w = get(args, i);
        if w != "comment" {
            return Err(format!("expects 'comment' but got '{w}' as argument."));
        }
        if get(args, i + 1).is_empty() {
            return Err("'comment' expects a string as argument.".into());
        }
        i += 2;
    }
    Ok(())
}

/// haproxy's `parse_binary` message for a bad hex string.
fn check_hex(data: &str) -> Result<(), String> {
    if let Some(c) = data.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(format!(
            "invalid binary string (an hex digit is expected (found '{c}'))."
        ));
    }
    if !data.len().is_multiple_of(2) {
        return Err("invalid binary string (an even number of hex digit is expected).".into());
    }
    Ok(())
}

/// `http-check send [meth <m>] [uri <u>|uri-lf <fmt>] [ver <v>]
/// [hdr <name> <value>]* [body <s>|body-lf <fmt>] [comment <c>]`.
pub(super) fn http_send(args: &[String]) -> Result<(), String> {
    let mut i = 0;
    while i < args.len() {
        let w = get(args, i);
        match w {
            "meth" | "uri" | "uri-lf" | "ver" | "body" | "body-lf" | "comment" => {
                if get(args, i + 1).is_empty() {
                    return Err(format!("'{w}' expects a string as argument."));
                }
                i += 2;
            }
            "hdr" => {
                if get(args, i + 1).is_empty() || get(args, i + 2).is_empty() {
                    return Err("'hdr' expects <name> and <value> as arguments".into());
                }
                i += 3;
            }
            _ => return Err(format!("expects 'comment', 'meth', 'uri', 'uri-lf', 'ver', 'hdr', 'body' or 'body-lf' but got '{w}' as argument.")),
        }
    }
    Ok(())
}

const STATUSES: &[(&str, &str, &[&str])] = &[
    (
        "ok-status",
        "'L4OK', 'L6OK', 'L7OK' or 'L7OKC'",
        &["L4OK", "L6OK", "L7OK", "L7OKC"],
    ),
    (
        "error-status",
        "'L7RSP', 'L7STS', 'L6RSP' or 'L4CON'",
        &["L7RSP", "L7STS", "L6RSP", "L4CON"],
    ),
    (
        "tout-status",
        "'L7TOUT', 'L6TOUT' or 'L4TOUT'",
        &["L7TOUT", "L6TOUT", "L4TOUT"],
    ),
];

/// The expect pattern keywords of each family.
fn is_pattern(fam: Family, w: &str) -> bool {
    match fam {
        Family::Tcp => matches!(
            w,
            "string" | "rstring" | "string-lf" | "binary" | "rbinary" | "binary-lf"
        ),
        Family::Http => matches!(
            w,
            "string" | "rstring" | "string-lf" | "status" | "rstatus" | "hdr" | "fhdr"
        ),
    }
}

fn unknown_expect(fam: Family, w: &str) -> String {
    match fam {
        Family::Tcp => format!("'only supports min-recv, '[!]binary', '[!]string', '[!]rstring', '[!]string-lf''[!]rbinary', '[!]binary-lf' or comment but got '{w}' as argument."),
        Family::Http => format!("'only supports min-recv, [!]string', '[!]rstring', '[!]string-lf', '[!]status', '[!]rstatus', [!]hdr, [!]fhdr or comment but got '{w}' as argument."),
    }
}

/// `expect [min-recv <n>] [comment <c>] [ok-status|error-status|tout-status
/// <st>] [on-success|on-error <fmt>] [status-code <expr>] [!] <pattern>`.
pub(super) fn expect(fam: Family, args: &[String]) -> Result<(), String> {
    if args.is_empty() {
        return Err("expects at least a matching pattern as arguments".into());
    }
    let mut i = 0;
    let mut have_pattern = false;
    while i < args.len() {
        let w = get(args, i).strip_prefix('!').unwrap_or(get(args, i));
        let w = if w.is_empty() && get(args, i) == "!" {
            i += 1;
            let next = get(args, i);
            if !is_pattern(fam, next) {
                return Err(unknown_expect(fam, next));
            }
            next
        } else {
            w
        };
        let val = get(args, i + 1);
        if is_pattern(fam, w) {
            if have_pattern {
                return Err("only on pattern expected".into());
            }
            have_pattern = true;
            i += expect_pattern(fam, w, &args[i + 1..])?;
            continue;
        }
        match w {
            "min-recv" if val.is_empty() => {
                return Err("'min-recv' expects a integer as argument".into())
            }
            "comment" | "on-success" | "on-error" if val.is_empty() => {
                return Err(format!("'{w}' expects a string as argument"))
            }
            "status-code" if val.is_empty() => {
                return Err("'status-code' expects an expression as argument".into())
            }
            "min-recv" | "comment" | "on-success" | "on-error" | "status-code" => {}
            _ => {
                let st = STATUSES.iter().find(|(n, _, _)| *n == w);
                let Some((_, list, ok)) = st else {
                    return Err(unknown_expect(fam, get(args, i)));
                };
                if !ok.contains(&val) {
                    return Err(format!("'{w}' only supports {list} status (got '{val}')."));
                }
            }
        }
        i += 2;
    }
    if !have_pattern {
        return Err("expects at least a matching pattern as arguments".into());
    }
    Ok(())
}

/// Checks a pattern's value; returns how many words it used, keyword included.
fn expect_pattern(fam: Family, w: &str, rest: &[String]) -> Result<usize, String> {
    let val = get(rest, 0);
    if w == "hdr" || w == "fhdr" {
        return expect_hdr(w, rest);
    }
    if val.is_empty() {
        return Err(format!("'{w}' expects a <pattern> as argument"));
    }
    // Regular expressions are not compiled here: PCRE's error texts
    // cannot be reproduced without PCRE, so a bad regex is accepted.
    if w == "binary" && fam == Family::Tcp {
        check_hex(val)?;
    }
    Ok(2)
}

/// `hdr|fhdr name[-lf] <n> [-m <meth>] [value[-lf] <v> [-m <meth>]]`.
fn expect_hdr(w: &str, rest: &[String]) -> Result<usize, String> {
    let name_kw = get(rest, 0);
    if !matches!(name_kw, "name" | "name-lf") || get(rest, 1).is_empty() {
        return Err(format!(
            "'{w}' expects at the name keyword as first argument followed by a pattern"
        ));
    }
    let mut n = 3;
    if get(rest, 2) == "-m" {
        n += 2;
    }
    if matches!(get(rest, n - 1), "value" | "value-lf") {
        if get(rest, n).is_empty() {
            return Err(format!("'{w}' expect a pattern with the value keyword"));
        }
        n += 2;
        if get(rest, n - 1) == "-m" {
            n += 2;
        }
    }
    Ok(n)
}
