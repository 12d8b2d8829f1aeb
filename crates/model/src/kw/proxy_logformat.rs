//! `log-format`, `log-format-sd` and `error-log-format`: the custom log
//! line formats. The words are stored at parse time; like haproxy, the
//! format strings are only compiled (and their errors reported) after
//! parsing, for the proxies that accept connections.

use crate::cx::Cx;
use crate::ir::proxy::{At, LogFormat};
use crate::kw::proxy::{cur_proxy, cur_proxy_ref};
use crate::logformat::parse_log_format;
use crate::registry::{Keyword, Sections, Support};
use crate::sample_types::Use;
use syntax::{Diagnostic, Line, SectionKind};

pub(crate) static KEYWORDS: &[Keyword] = &[
    Keyword {
        name: "log-format",
        sections: Sections::PROXY,
        support: Support::Supported,
        lower: log_format,
        summary: "custom traffic log line format",
    },
    Keyword {
        name: "log-format-sd",
        sections: Sections::PROXY,
        support: Support::Supported,
        lower: log_format,
        summary: "RFC5424 structured-data log format",
    },
    Keyword {
        name: "error-log-format",
        sections: Sections::PROXY,
        support: Support::Supported,
        lower: log_format,
        summary: "log format for connection errors",
    },
];

fn log_format(cx: &mut Cx, line: &Line) {
    let kw = line.word(0).into_owned();
    if line.word(1).is_empty() {
        cx.parse_fatal(line, format!("{kw} expects an argument."));
        return;
    }
    if !line.word(2).is_empty() {
        cx.parse_fatal(
            line,
            format!("{kw} expects only one argument, don't forget to escape spaces!"),
        );
        return;
    }
    let Some(px) = cur_proxy_ref(cx) else {
        return;
    };
    let is_defaults = px.kind == SectionKind::Defaults;
    let backend_only = !is_defaults && !px.cap.frontend;
    let name = px.name.clone();
    let previous = px.settings.log_format.as_ref().map(|lf| match &lf.value {
        LogFormat::Http { clf: false } => "option httplog",
        LogFormat::Http { clf: true } => "option httplog clf",
        LogFormat::Https => "option httpslog",
        LogFormat::Tcp => "option tcplog",
        LogFormat::Custom(_) => "log-format",
    });
    if kw == "log-format" && is_defaults {
        if let Some(old) = previous {
            let text = format!(
                "parsing [{}]: 'log-format' overrides previous '{old}' in 'defaults' section.",
                cx.loc(line)
            );
            cx.push(Diagnostic::warning(Some(line.span), text));
        }
    }
    if backend_only {
        cx.parse_warn(
            line,
            format!("backend '{name}' : '{kw}' directive is ignored in backends."),
        );
        return;
    }
    let fmt = line.word(1).into_owned();
    let span = line.span;
    if let Some(px) = cur_proxy(cx) {
        match kw.as_str() {
            "log-format" => {
                px.settings.log_format = Some(At {
                    value: LogFormat::Custom(fmt),
                    span,
                })
            }
            "log-format-sd" => px.settings.log_format_sd = Some(At { value: fmt, span }),
            _ => px.settings.error_log_format = Some(At { value: fmt, span }),
        }
    }
}

/// Compiles proxy `i`'s custom formats, reporting errors as haproxy's
/// post-parse check does (`Parsing [f:l]: failed to parse log-format : ...`).
/// A backend only keeps its `unique-id-format`, evaluated with the request
/// headers like a frontend's.
pub fn check_proxy(cx: &mut Cx, i: usize) {
    let Some(px) = cx.cfg.proxies.get(i).filter(|p| !p.settings.disabled) else {
        return;
    };
    let s = &px.settings;
    let frontend = px.cap.frontend;
    let mut todo: Vec<(&str, String, Option<syntax::Span>)> = Vec::new();
    if let Some(At {
        value: LogFormat::Custom(f),
        span,
    }) = s.log_format.as_ref().filter(|_| frontend)
    {
        todo.push(("log-format", f.clone(), Some(*span)));
    }
    if let Some(At { value, .. }) = s.log_format_sd.as_ref().filter(|_| frontend) {
        // haproxy reports a bad log-format-sd at the line of the proxy's
        // log format (`log-format` or an `option httplog`/`tcplog`), and
        // at `(null):0` without one (observed with 2.6.12).
        let at = s.log_format.as_ref().map(|lf| lf.span);
        todo.push(("log-format-sd", value.clone(), at));
    }
    if let Some(At { value, span }) = &s.unique_id_format {
        todo.push(("unique-id", value.clone(), Some(*span)));
    }
    if let Some(At { value, span }) = s.error_log_format.as_ref().filter(|_| frontend) {
        todo.push(("error-log-format", value.clone(), Some(*span)));
    }
    let mut failed = false;
    for (kw, fmt, span) in todo {
        let ctx = match kw {
            "unique-id" if frontend => Use::FeHttpRequest,
            "unique-id" => Use::BeHttpRequest,
            _ => Use::Log,
        };
        if let Err(e) = parse_log_format(cx.host, &fmt, ctx) {
            let at = span.map_or_else(|| "(null):0".to_string(), |s| cx.loc_of(s));
            let text = format!("Parsing [{at}]: failed to parse {kw} : {e}.");
            cx.push(Diagnostic::fatal(span, text));
            failed |= kw == "log-format";
        }
    }
    if failed {
        // haproxy drops a log-format that failed to compile, so the later
        // "log format ignored" warning is not given for it.
        if let Some(px) = cx.cfg.proxies.get_mut(i) {
            px.settings.log_format = None;
        }
    }
}
