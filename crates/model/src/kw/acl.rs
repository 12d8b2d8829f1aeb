//! Keywords: `acl <name> <criterion> [flags] [operator] <value>...`, stored
//! in the current proxy for the conditions of later lines.

use crate::acl_expr::parse_acl_expr;
use crate::cx::{Current, Cx};
use crate::ir::rules::Acl;
use crate::registry::{Keyword, Sections, Support};
use syntax::{Diagnostic, Line};

pub(crate) static KEYWORDS: &[Keyword] = &[Keyword {
    name: "acl",
    sections: Sections::PROXY,
    support: Support::Supported,
    lower: lower_acl,
    summary: "named ACL: a sample, a matching method and patterns",
}];

/// The proxy (or defaults section) lines are lowered into.
pub(crate) use crate::kw::proxy::cur_proxy;

/// Whether the current section is an anonymous `defaults`, where ACLs and
/// rules are refused.
pub(crate) fn in_anonymous_defaults(cx: &Cx) -> bool {
    match cx.cur {
        Current::Defaults(i) => cx.cfg.defaults.get(i).is_some_and(|d| d.name.is_empty()),
        _ => false,
    }
}

/// haproxy's `invalid_char`: the first byte outside `[A-Za-z0-9_.:-]`, or
/// NUL for an empty name.
pub(crate) fn invalid_char(name: &str) -> Option<char> {
    if name.is_empty() {
        return Some('\0');
    }
    name.chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-')))
}

fn lower_acl(cx: &mut Cx, line: &Line) {
    if in_anonymous_defaults(cx) {
        cx.parse_fatal(line, "'acl' not allowed in anonymous 'defaults' section.");
        return;
    }
    let name = line.word(1).into_owned();
    if let Some(c) = invalid_char(&name) {
        // haproxy prints the NUL of an empty name with %c, which ends its
        // message right there.
        let msg = if c == '\0' {
            "character '".to_string()
        } else {
            format!("character '{c}' is not permitted in acl name '{name}'.")
        };
        cx.parse_fatal(line, msg);
        return;
    }
    if name.eq_ignore_ascii_case("or") {
        cx.parse_fatal(line, format!("acl name '{name}' will never match. 'or' is used to express a logical disjunction within a condition."));
        return;
    }
    let words: Vec<String> = line
        .args()
        .iter()
        .skip(2)
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .collect();
    let out = match parse_acl_expr(cx.host, &words) {
        Ok(out) => out,
        Err(e) => {
            cx.parse_fatal(
                line,
                format!("error detected while parsing ACL '{name}' : {e}."),
            );
            return;
        }
    };
    if let Some(w) = out.warning {
        cx.push(Diagnostic::warning(Some(line.span), w));
    }
    let span = line.span;
    if let Some(px) = cur_proxy(cx) {
        px.add_acl(Acl {
            name,
            span,
            expr: out.expr,
        });
    }
}
