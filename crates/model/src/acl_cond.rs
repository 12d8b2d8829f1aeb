//! `if|unless <cond>` conditions (haproxy's `build_acl_cond` /
//! `parse_acl_cond`): named ACLs of the current proxy, predefined ACLs,
//! `!` negation, `||`/`or` alternatives, implicit AND and anonymous ACLs
//! between braces.

use crate::acl_expr::parse_acl_expr;
use crate::cx::{Current, Cx};
use crate::ir::rules::{AclRef, Condition, Term};
use syntax::{Diagnostic, Line};

/// haproxy's predefined ACLs (`default_acl_list`), usable in any proxy.
pub const PREDEFINED: &[(&str, &[&str])] = &[
    ("TRUE", &["always_true"]),
    ("FALSE", &["always_false"]),
    ("LOCALHOST", &["src", "127.0.0.1/8"]),
    ("HTTP", &["req.proto_http"]),
    ("HTTP_1.0", &["req.ver", "1.0"]),
    ("HTTP_1.1", &["req.ver", "1.1"]),
    ("HTTP_2.0", &["req.ver", "2.0"]),
    ("HTTP_3.0", &["req.ver", "3.0"]),
    ("METH_CONNECT", &["method", "CONNECT"]),
    ("METH_DELETE", &["method", "DELETE"]),
    ("METH_GET", &["method", "GET", "HEAD"]),
    ("METH_HEAD", &["method", "HEAD"]),
    ("METH_OPTIONS", &["method", "OPTIONS"]),
    ("METH_POST", &["method", "POST"]),
    ("METH_PUT", &["method", "PUT"]),
    ("METH_TRACE", &["method", "TRACE"]),
    ("HTTP_URL_ABS", &["url_reg", "^[^/:]*://"]),
    ("HTTP_URL_SLASH", &["url_beg", "/"]),
    ("HTTP_URL_STAR", &["url", "*"]),
    ("HTTP_CONTENT", &["req.hdr_val(content-length)", "gt", "0"]),
    ("RDP_COOKIE", &["req.rdp_cookie_cnt", "gt", "0"]),
    ("REQ_CONTENT", &["req.len", "gt", "0"]),
    ("WAIT_END", &["wait_end"]),
];

/// Whether the section being parsed declared an ACL named `name` so far.
pub fn has_current_acl(cx: &Cx, name: &str) -> bool {
    let px = match cx.cur {
        Current::Proxy(i) => cx.cfg.proxies.get(i),
        Current::Defaults(i) => cx.cfg.defaults.get(i),
        _ => None,
    };
    px.is_some_and(|p| p.acl_index.contains_key(name))
}

/// Parses the condition starting at word `start` of `line`, which must be
/// `if` or `unless` (callers report their own message otherwise). Returns
/// `Ok(None)` when the line has no word there. The error is haproxy's
/// message, which each rule family wraps in its own wording. Warnings from
/// anonymous ACLs are emitted directly.
pub fn parse_condition(
    cx: &mut Cx,
    line: &Line,
    start: usize,
) -> Result<Option<Condition>, String> {
    let words: Vec<String> = line
        .args()
        .iter()
        .skip(start)
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .collect();
    let Some(first) = words.first() else {
        return Ok(None);
    };
    let unless = match first.as_str() {
        "if" => false,
        "unless" => true,
        other => {
            return Err(format!(
                "expects 'if' or 'unless' followed by a condition but found '{other}'"
            ))
        }
    };
    let mut cond = Condition {
        unless,
        terms: Vec::new(),
    };
    let mut suite: Vec<Term> = Vec::new();
    let mut neg = false;
    let mut i = 1;
    while let Some(w) = words.get(i) {
        let bangs = w.bytes().take_while(|&c| c == b'!').count();
        if bangs % 2 == 1 {
            neg = !neg;
        }
        let word = &w[bangs..];
        i += 1;
        if word.is_empty() {
            continue;
        }
        if word.eq_ignore_ascii_case("or") || word == "||" {
            if !suite.is_empty() {
                cond.terms.push(std::mem::take(&mut suite));
            }
            neg = false;
            continue;
        }
        let acl = if word == "{" {
            let Some(len) = words[i..].iter().position(|w| w == "}") else {
                return Err("missing closing '}' in condition".to_string());
            };
            let body = &words[i..i + len];
            i += len + 1;
            anonymous(cx, line, body)?
        } else {
            named(cx, word)?
        };
        suite.push(Term { negated: neg, acl });
        neg = false;
    }
    if !suite.is_empty() {
        cond.terms.push(suite);
    }
    Ok(Some(cond))
}

fn anonymous(cx: &mut Cx, line: &Line, body: &[String]) -> Result<AclRef, String> {
    let out = parse_acl_expr(cx.host, body)?;
    if let Some(w) = out.warning {
        cx.push(Diagnostic::warning(Some(line.span), w));
    }
    Ok(AclRef::Anonymous(Box::new(out.expr)))
}

fn named(cx: &Cx, word: &str) -> Result<AclRef, String> {
    let known = has_current_acl(cx, word) || PREDEFINED.iter().any(|(n, _)| *n == word);
    if !known {
        return Err(format!("no such ACL : '{word}'"));
    }
    Ok(AclRef::Named(word.to_string()))
}

/// Renders a condition compactly: `if a !b || { path_beg /x }`.
pub fn dump(cond: &Condition) -> String {
    let mut s = String::from(if cond.unless { "unless" } else { "if" });
    for (n, suite) in cond.terms.iter().enumerate() {
        if n > 0 {
            s.push_str(" ||");
        }
        for t in suite {
            s.push(' ');
            if t.negated {
                s.push('!');
            }
            match &t.acl {
                AclRef::Named(name) => s.push_str(name),
                AclRef::Anonymous(e) => {
                    s.push_str("{ ");
                    s.push_str(&crate::acl_expr::dump(e));
                    s.push_str(" }");
                }
            }
        }
    }
    s
}
