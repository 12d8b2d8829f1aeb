//! Keywords: the proxy-level `redirect` rule (haproxy's
//! `http_parse_redirect_rule` with a static destination) and `monitor
//! fail`, with haproxy's "rule placed after" warnings for both
//! (`crate::rules_order`).

use crate::acl_cond::parse_condition;
use crate::acl_conflicts::{self, Style};
use crate::cx::Cx;
use crate::ir::proxy::{At, Redirect};
use crate::ir::rules::Condition;
use crate::kw::acl::cur_proxy;
use crate::kw::proxy::{cur_proxy_ref, warn_if_not_cap, Need};
use crate::kw::rules::proxy_desc;
use crate::registry::{Keyword, Sections, Support};
use crate::rules_order::{misplaced, Stage};
use crate::sample_types::Use;
use crate::units;
use syntax::{Line, SectionKind};

pub(crate) static KEYWORDS: &[Keyword] = &[
    Keyword {
        name: "redirect",
        sections: Sections::PROXY,
        support: Support::Supported,
        lower: lower_redirect,
        summary: "HTTP redirection rule",
    },
    Keyword {
        name: "monitor",
        sections: Sections::PROXY,
        support: Support::Supported,
        lower: lower_monitor,
        summary: "monitor fail condition for monitor-uri",
    },
];

fn refuse_in_defaults(cx: &mut Cx, line: &Line) -> bool {
    if cur_proxy_ref(cx).is_none_or(|p| p.kind != SectionKind::Defaults) {
        return false;
    }
    let msg = format!("'{}' not allowed in 'defaults' section.", line.word(0));
    cx.parse_fatal(line, msg);
    true
}

/// haproxy's "rule placed after" warning for a `redirect` or `monitor
/// fail` rule about to be added.
fn warn_misplaced(cx: &mut Cx, line: &Line, stage: Stage, what: &str) {
    if let Some(msg) = cur_proxy_ref(cx).and_then(|p| misplaced(p, stage, what)) {
        cx.parse_warn(line, msg);
    }
}

fn lower_redirect(cx: &mut Cx, line: &Line) {
    if refuse_in_defaults(cx, line) {
        return;
    }
    match parse_redirect(cx, line) {
        Ok(rule) => {
            let cond = rule.cond.clone();
            let mut place = Use::FeHttpRequest;
            if let Some(px) = cur_proxy(cx) {
                px.redirects.push(rule);
                if !px.cap.frontend {
                    place = Use::BeHttpRequest;
                }
            }
            warn_misplaced(cx, line, Stage::Redirect, "redirect");
            acl_conflicts::warn(cx, line, cond.as_ref(), &[place], Style::Proxy);
        }
        Err(e) => {
            let desc = proxy_desc(cx);
            let msg = format!("error detected in {desc} while parsing redirect rule : {e}.");
            cx.parse_fatal(line, msg);
        }
    }
}

const OPTIONS: &str = "expects 'code', 'prefix', 'location', 'scheme', 'set-cookie', 'clear-cookie', 'drop-query', 'ignore-empty' or 'append-slash'";

fn parse_redirect(cx: &mut Cx, line: &Line) -> Result<Redirect, String> {
    let mut rule = Redirect {
        span: line.span,
        kind: String::new(),
        to: String::new(),
        code: 302,
        cookie: None,
        flags: Vec::new(),
        cond: None,
    };
    let mut i = 1;
    loop {
        let word = line.word(i).into_owned();
        let value = line.word(i + 1).into_owned();
        let with_value = matches!(
            word.as_str(),
            "location" | "prefix" | "scheme" | "set-cookie" | "clear-cookie" | "code"
        );
        if with_value && value.is_empty() {
            return Err(format!("missing argument for '{word}'"));
        }
        match word.as_str() {
            "" => break,
            "location" | "prefix" | "scheme" => {
                rule.kind = word;
                rule.to = value;
            }
            "set-cookie" => rule.cookie = Some((true, value)),
            "clear-cookie" => rule.cookie = Some((false, value)),
            "code" => rule.code = redirect_code(&value)?,
            "drop-query" | "append-slash" | "ignore-empty" => rule.flags.push(word),
            "if" | "unless" => {
                rule.cond =
                    parse_condition(cx, line, i).map_err(|e| format!("error in condition: {e}"))?;
                break;
            }
            other => return Err(format!("{OPTIONS} (was '{other}')")),
        }
        i += if with_value { 2 } else { 1 };
    }
    if rule.kind.is_empty() {
        return Err("redirection type expected ('prefix', 'location', or 'scheme')".to_string());
    }
    Ok(rule)
}

fn redirect_code(value: &str) -> Result<u16, String> {
    let code = units::atoi_like(value);
    match u16::try_from(code) {
        Ok(c @ (301..=303 | 307 | 308)) => Ok(c),
        _ => Err(format!(
            "'code': unsupported HTTP code '{value}' (must be one of 301, 302, 303, 307 or 308)"
        )),
    }
}

/// `monitor fail {if|unless} <cond>` (haproxy's `cfg_parse_listen`).
fn lower_monitor(cx: &mut Cx, line: &Line) {
    if refuse_in_defaults(cx, line) {
        return;
    }
    warn_if_not_cap(cx, line, Need::Frontend, "monitor", "");
    if line.word(1) != "fail" {
        cx.parse_fatal(line, "'monitor' only supports 'fail'.");
        return;
    }
    let first = line.word(2);
    if first != "if" && first != "unless" {
        cx.parse_fatal(
            line,
            "'monitor fail' requires either 'if' or 'unless' followed by a condition.",
        );
        return;
    }
    warn_misplaced(cx, line, Stage::MonitorFail, "monitor fail");
    let cond = match parse_condition(cx, line, 2) {
        Ok(Some(c)) => c,
        Ok(None) => Condition::default(),
        Err(e) => {
            let msg = format!("error detected while parsing a 'monitor fail' condition : {e}.");
            cx.parse_fatal(line, msg);
            return;
        }
    };
    let span = line.span;
    if let Some(px) = cur_proxy(cx) {
        px.monitor_fail.push(At { value: cond, span });
    }
}
