//! Keywords: `capture cookie|request header|response header` and
//! `declare capture request|response`: the capture slots a frontend fills
//! for its logs, with haproxy 2.6's argument checks and messages.

use crate::cx::Cx;
use crate::ir::rules::Capture;
use crate::kw::acl::cur_proxy;
use crate::kw::proxy::{cur_proxy_ref, warn_if_not_cap, Need};
use crate::registry::{Keyword, Sections, Support};
use crate::units;
use syntax::Line;

pub(crate) static KEYWORDS: &[Keyword] = &[
    Keyword {
        name: "capture",
        sections: Sections::PROXY,
        support: Support::Supported,
        lower: lower_capture,
        summary: "capture a cookie or a header for the logs",
    },
    Keyword {
        name: "declare",
        sections: Sections::PROXY,
        support: Support::Supported,
        lower: lower_declare,
        summary: "declare capture slots for http-request capture",
    },
];

fn in_defaults(cx: &Cx) -> bool {
    cur_proxy_ref(cx).is_some_and(|p| p.kind == syntax::SectionKind::Defaults)
}

fn push_capture(cx: &mut Cx, line: &Line, kind: &str, name: String, len: i64) {
    let cap = Capture {
        span: line.span,
        kind: kind.to_string(),
        name,
        // haproxy stores `atol` into an int; a negative length captures
        // nothing, which a zero length expresses.
        len: u64::try_from(len).unwrap_or(0),
    };
    if let Some(px) = cur_proxy(cx) {
        px.rules.captures.push(cap);
    }
}

/// `capture cookie <name> len <n>` / `capture request|response header
/// <name> len <n>` (haproxy's `cfg_parse_listen`). A backend gets the
/// capability warning but the line is still checked.
fn lower_capture(cx: &mut Cx, line: &Line) {
    warn_if_not_cap(cx, line, Need::Frontend, "capture", "");
    let sub = line.word(1).into_owned();
    let header = line.word(2) == "header";
    match sub.as_str() {
        "cookie" => capture_cookie(cx, line),
        "request" | "response" if header => capture_header(cx, line, &sub),
        _ => cx.parse_fatal(
            line,
            "'capture' expects 'cookie' or 'request header' or 'response header'.",
        ),
    }
}

fn not_in_defaults(cx: &mut Cx, line: &Line) -> bool {
    if !in_defaults(cx) {
        return true;
    }
    let msg = format!(
        "'{} {}' not allowed in 'defaults' section.",
        line.word(0),
        line.word(1)
    );
    cx.parse_fatal(line, msg);
    false
}

/// haproxy's `alertif_too_many_args_idx(4, 1, ...)`: a word after the
/// sixth one is refused.
fn too_many(cx: &mut Cx, line: &Line) -> bool {
    let extra = line.word(6);
    if extra.is_empty() {
        return false;
    }
    let msg = format!(
        "'{} {}' cannot handle unexpected argument '{extra}'.",
        line.word(0),
        line.word(1)
    );
    cx.parse_fatal(line, msg);
    true
}

fn capture_cookie(cx: &mut Cx, line: &Line) {
    if !not_in_defaults(cx, line) || too_many(cx, line) {
        return;
    }
    // haproxy only checks that a fourth word exists: `len` itself is not
    // verified for cookies.
    if line.word(4).is_empty() {
        cx.parse_fatal(
            line,
            "'capture' expects 'cookie' <cookie_name> 'len' <len>.",
        );
        return;
    }
    let len = units::atoi_like(&line.word(4));
    push_capture(cx, line, "cookie", line.word(2).into_owned(), len);
}

fn capture_header(cx: &mut Cx, line: &Line, dir: &str) {
    if !not_in_defaults(cx, line) || too_many(cx, line) {
        return;
    }
    if line.word(3).is_empty() || line.word(4) != "len" || line.word(5).is_empty() {
        let msg = format!("'capture {dir}' expects 'header' <header_name> 'len' <len>.");
        cx.parse_fatal(line, msg);
        return;
    }
    let len = units::atoi_like(&line.word(5));
    let kind = format!("{dir} header");
    push_capture(cx, line, &kind, line.word(3).into_owned(), len);
}

/// `declare capture request|response len <n>` (haproxy's
/// `proxy_parse_declare`, whose errors are printed as `parsing [f:l] : `).
fn lower_declare(cx: &mut Cx, line: &Line) {
    match declare(cx, line) {
        Ok((dir, len)) => {
            let kind = format!("declare {dir}");
            push_capture(cx, line, &kind, String::new(), len);
        }
        Err(msg) => cx.parse_fatal(line, msg),
    }
}

fn declare(cx: &Cx, line: &Line) -> Result<(String, i64), String> {
    let kw = line.word(0);
    let sub = line.word(1);
    if sub.is_empty() {
        return Err(format!(
            "'{kw}' needs a second keyword that specify the type of declaration ('capture')"
        ));
    }
    if sub != "capture" {
        return Err(format!(
            "unknown declaration type '{sub}' (supports 'capture')"
        ));
    }
    let Some(px) = cur_proxy_ref(cx) else {
        return Err(String::new());
    };
    if px.kind == syntax::SectionKind::Defaults {
        return Err(format!("'{kw}' not available in default section"));
    }
    if !px.cap.frontend {
        return Err(format!(
            "'{kw}' only available in frontend or listen section"
        ));
    }
    let dir = line.word(2).into_owned();
    if dir != "request" && dir != "response" {
        return Err(format!(
            "'{kw} {sub}' requires a direction ('request' or 'response')"
        ));
    }
    if line.word(3) != "len" {
        return Err(format!("'{kw} {sub}' requires a capture length ('len')"));
    }
    let value = line.word(4);
    if value.is_empty() {
        return Err(format!(
            "'{kw} {sub}': 'len' requires a numeric value that represents the capture length"
        ));
    }
    let (len, used) = units::strtol(&value);
    if used != value.len() {
        // haproxy names the `len` keyword here instead of the value.
        return Err(format!("'{kw} {sub}': cannot parse the length 'len'."));
    }
    Ok((dir, len))
}
