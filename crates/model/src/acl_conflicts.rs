//! haproxy's "acl will never match" warnings (`warnif_cond_conflicts`, and
//! the variant `tcp_parse_request_rule` builds): a condition term whose ACL
//! cannot be evaluated where the rule runs, or else one of its keywords
//! that cannot.

use crate::acl_cond::PREDEFINED;
use crate::ir::proxy::Proxy;
use crate::ir::rules::{AclExpr, AclRef, Condition};
use crate::sample_fetches;
use crate::sample_types::Use;

/// How the rule family words the warning.
#[derive(Clone, Copy, Debug)]
pub enum Style<'a> {
    /// `http-request`, `redirect`, `use_backend`, `stick`...
    Proxy,
    /// `tcp-request content` and the other TCP rule sets, named in the text.
    Tcp(&'a str),
}

/// One expression of an ACL as the check sees it: its keyword as written
/// (`hdr`, `path_beg`) and where its fetch can be evaluated.
struct Expr {
    kw: String,
    val: u32,
}

fn expr(e: &AclExpr) -> Expr {
    let end = e.criterion.find(['(', ',']).unwrap_or(e.criterion.len());
    let val = sample_fetches::find(&e.sample.fetch).map_or(u32::MAX, |f| f.val);
    Expr {
        kw: e.criterion[..end].to_string(),
        val,
    }
}

/// The name (for a named ACL) and expressions of a condition term.
fn term_exprs(px: &Proxy, acl: &AclRef) -> (Option<String>, Vec<Expr>) {
    match acl {
        AclRef::Anonymous(e) => (None, vec![expr(e)]),
        AclRef::Named(n) => {
            let own: Vec<Expr> = px.acls_named(n).map(|a| expr(&a.expr)).collect();
            if !own.is_empty() {
                return (Some(n.clone()), own);
            }
            let fetch = PREDEFINED
                .iter()
                .find(|(name, _)| name == n)
                .and_then(|(_, words)| words.first())
                .copied()
                .unwrap_or("");
            let val = sample_fetches::find(fetch).map_or(u32::MAX, |f| f.val);
            let kw = fetch.to_string();
            (Some(n.clone()), vec![Expr { kw, val }])
        }
    }
}

/// The warning text (after `parsing [f:l] : `) for `cond` in a rule run at
/// the places `wheres` (haproxy names the first one), if any.
pub fn warning(px: &Proxy, cond: &Condition, wheres: &[Use], style: Style) -> Option<String> {
    let mask = wheres.iter().fold(0, |m, u| m | u.bit());
    let place = wheres.iter().min_by_key(|u| **u as u32)?.describe();
    let terms: Vec<(Option<String>, Vec<Expr>)> = cond
        .terms
        .iter()
        .flatten()
        .map(|t| term_exprs(px, &t.acl))
        .collect();
    let (tcp, in_rule) = match style {
        Style::Proxy => (false, String::new()),
        Style::Tcp(family) => (true, format!(" in '{family}'")),
    };
    let never = terms
        .iter()
        .find(|(_, exprs)| exprs.iter().fold(0, |v, e| v | e.val) & mask == 0);
    if let Some((name, exprs)) = never {
        return Some(match name {
            Some(n) => format!("acl '{n}' will never match{in_rule} because it only involves keywords that are incompatible with '{place}'"),
            None => {
                let kw = exprs.first().map_or("", |e| e.kw.as_str());
                format!("anonymous acl will never match{in_rule} because it uses keyword '{kw}' which is incompatible with '{place}'")
            }
        });
    }
    let (name, kw) = terms.iter().find_map(|(name, exprs)| {
        let e = exprs.iter().find(|e| e.val & mask == 0)?;
        Some((name, e.kw.as_str()))
    })?;
    let keywords = if tcp { "keyword" } else { "keywords" };
    Some(match name {
        Some(n) => {
            format!("acl '{n}' involves {keywords} '{kw}' which is incompatible with '{place}'")
        }
        None => {
            format!("anonymous acl involves keyword '{kw}' which is incompatible with '{place}'")
        }
    })
}

/// Emits the warning for a rule of the proxy being lowered, at its line.
pub(crate) fn warn(
    cx: &mut crate::cx::Cx,
    line: &syntax::Line,
    cond: Option<&Condition>,
    wheres: &[Use],
    style: Style,
) {
    let Some(cond) = cond else { return };
    let msg = crate::kw::proxy::cur_proxy_ref(cx).and_then(|px| warning(px, cond, wheres, style));
    if let Some(m) = msg {
        cx.parse_warn(line, m);
    }
}
