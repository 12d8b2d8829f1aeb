//! log-format strings (haproxy's `parse_logformat_string`): literal text,
//! `%%`, `%var` / `%{+Q,-X}var` variables and `%[sample]` expressions, with
//! the check that each sample fetch is available where the string is used
//! (logs, a request rule, a response rule...). Used by `log-format`,
//! `log-format-sd`, `unique-id-format` and rule values like `set-header`.

use crate::host::Host;
use crate::sample_expr::{self, Source};
use crate::sample_types::Use;

/// haproxy 2.6's log-format variables (`logformat_keywords`).
const VARS: &[&str] = &[
    "o", "B", "CC", "CS", "H", "ID", "ST", "T", "Ta", "Tc", "Th", "Ti", "Tl", "Tq", "Tr", "TR",
    "Td", "Ts", "Tt", "Tu", "Tw", "U", "ac", "b", "bc", "bi", "bp", "bq", "ci", "cp", "f", "fc",
    "fi", "fp", "ft", "hr", "hrl", "hs", "hsl", "HM", "HP", "HPO", "HQ", "HU", "HV", "lc", "ms",
    "pid", "r", "rc", "rt", "s", "sc", "si", "sp", "sq", "sslc", "sslv", "t", "tr", "trg", "trl",
    "ts", "tsc",
];

/// Validates a log-format string evaluated in context `ctx`. The error is
/// haproxy's message without the caller's prefix.
pub fn parse_log_format(host: &dyn Host, fmt: &str, ctx: Use) -> Result<(), String> {
    let b = fmt.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'%' {
            i += 1;
            continue;
        }
        i += 1;
        if b.get(i) == Some(&b'%') {
            i += 1;
            continue;
        }
        if b.get(i) == Some(&b'{') {
            let Some(close) = fmt[i..].find('}') else {
                return Err(format!("truncated line after '{}'", &fmt[i + 1..]));
            };
            i += close + 1;
        }
        if b.get(i) == Some(&b'[') {
            i = sample(host, fmt, i + 1, ctx)?;
            continue;
        }
        let end = b[i..]
            .iter()
            .position(|c| !c.is_ascii_alphabetic())
            .map_or(b.len(), |n| i + n);
        let name = &fmt[i..end];
        if !VARS.contains(&name) {
            return Err(format!("no such format variable '{name}'. If you wanted to emit the '%' character verbatim, you need to use '%%'"));
        }
        i = end;
    }
    Ok(())
}

/// One `%[...]` expression starting at byte `start`; returns the index
/// after its closing bracket.
fn sample(host: &dyn Host, fmt: &str, start: usize, ctx: Use) -> Result<usize, String> {
    let rest = &fmt[start..];
    let words = [rest.to_string()];
    let mut idx = 0;
    let src = Source {
        words: &words,
        idx: &mut idx,
        endptr: true,
    };
    let p = sample_expr::parse(host, src)
        .map_err(|e| format!("failed to parse sample expression <{rest}> : {e}"))?;
    if p.fetch.val & ctx.bit() == 0 {
        return Err(format!(
            "sample fetch <{rest}> may not be reliably used here because it needs '{}' which is not available here",
            needs(p.fetch)
        ));
    }
    let end = p.end.min(rest.len());
    let var = &rest[..end];
    match rest[end..].chars().next() {
        Some(']') => Ok(start + end + 1),
        Some(c) if !c.is_control() => Err(format!("expected ']' after '{var}', but found '{c}'")),
        _ => Err(format!("missing ']' after '{var}'")),
    }
}

/// The data sources a fetch needs, as haproxy lists them.
fn needs(f: &crate::sample_types::Fetch) -> &'static str {
    let req = f.val & Use::FeHttpRequest.bit() != 0;
    let res = f.val & Use::BeHttpResponse.bit() != 0;
    if req && res && f.val & Use::FeTcpConnection.bit() == 0 && !f.name.contains("payload") {
        "HTTP request headers,HTTP response headers"
    } else {
        f.source_name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::SystemLikeHost;

    fn check(fmt: &str, ctx: Use, expected: Result<(), &str>) {
        let host = SystemLikeHost::default();
        assert_eq!(
            parse_log_format(&host, fmt, ctx),
            expected.map_err(str::to_string)
        );
    }

    #[test]
    fn log_formats_like_haproxy() {
        check("%{+Q}r %[capture.req.hdr(0)] %ci %%", Use::Log, Ok(()));
        check("%[req.hdr(host)] %H", Use::Log, Err("sample fetch <req.hdr(host)] %H> may not be reliably used here because it needs 'HTTP request headers' which is not available here"));
        check("%[hdr(arg))]", Use::Log, Err("sample fetch <hdr(arg))]> may not be reliably used here because it needs 'HTTP request headers,HTTP response headers' which is not available here"));
        check(
            "%[hdr(arg))]",
            Use::FeHttpRequest,
            Err("expected ']' after 'hdr(arg)', but found ')'"),
        );
        check(
            "%[foo]",
            Use::Log,
            Err("failed to parse sample expression <foo]> : unknown fetch method 'foo'"),
        );
        check("%[src", Use::Log, Err("missing ']' after 'src'"));
        check("%{+Q", Use::Log, Err("truncated line after '+Q'"));
        check("%foo", Use::Log, Err("no such format variable 'foo'. If you wanted to emit the '%' character verbatim, you need to use '%%'"));
    }
}
