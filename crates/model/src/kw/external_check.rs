//! `external-check command <cmd>` / `external-check path <path>` in proxy
//! sections, and the post-parse checks of `option external-check` against
//! them and the global `external-check` / `insecure-fork-wanted`, with
//! haproxy 2.6.12's texts.

use crate::cx::Cx;
use crate::ir::proxy::CheckKind;
use crate::kw::proxy::{cur_proxy, too_many_args};
use crate::registry::{Keyword, Sections, Support};
use syntax::{Diagnostic, Line};

pub(crate) static KEYWORDS: &[Keyword] = &[Keyword {
    name: "external-check",
    sections: Sections::PROXY,
    support: Support::Unsupported,
    lower,
    summary: "command and PATH of external health checks",
}];

fn lower(cx: &mut Cx, line: &Line) {
    let sub = line.word(1).into_owned();
    if sub.is_empty() {
        // haproxy's message ends with its own newline, hence a blank line.
        cx.parse_fatal(line, "missing argument after 'external-check'.\n");
        return;
    }
    if sub != "command" && sub != "path" {
        let msg = format!("'external-check' only supports 'command' and 'path'. but got '{sub}'.");
        cx.parse_fatal(line, msg);
        return;
    }
    if too_many_args(cx, line, 2, "external-check") {
        return;
    }
    let value = line.word(2).into_owned();
    if value.is_empty() {
        cx.parse_fatal(line, format!("missing argument after '{sub}'."));
        return;
    }
    if let Some(px) = cur_proxy(cx) {
        let slot = if sub == "command" {
            &mut px.settings.external_check_command
        } else {
            &mut px.settings.external_check_path
        };
        *slot = Some(value);
    }
}

/// Post-parse, after the http-check flags: what `option external-check`
/// needs, and the command and path set without it.
pub fn check_proxy(cx: &mut Cx, i: usize) {
    let Some(p) = cx.cfg.proxies.get(i).filter(|p| !p.settings.disabled) else {
        return;
    };
    let g = &cx.cfg.global;
    let s = &p.settings;
    let (ty, name) = (p.type_str(), p.name.as_str());
    let external = s
        .check
        .as_ref()
        .is_some_and(|c| c.value == CheckKind::External);
    let mut out = Vec::new();
    if external {
        let needs = "'option external-check' unable to find required";
        if !g.external_check {
            let text = format!("Proxy '{name}' : {needs} 'global.external-check'.");
            out.push(Diagnostic::fatal(None, text));
        }
        if s.external_check_command.is_none() {
            let text = format!("Proxy '{name}' : {needs} 'external-check command'.");
            out.push(Diagnostic::fatal(None, text));
        }
        if g.insecure_fork_wanted != Some(true) {
            let text = format!("Proxy '{name}' : 'insecure-fork-wanted' not enabled in the global section, 'option external-check' will likely fail.");
            out.push(Diagnostic::warning(None, text));
        }
    }
    let ignored = |what: &str| {
        let text = format!(
            "'external-check {what}' will be ignored for {ty} '{name}' (requires 'option external-check')."
        );
        Diagnostic::warning(None, text)
    };
    if let Some(cmd) = &s.external_check_command {
        if !external {
            out.push(ignored("command"));
        }
        if !cmd.starts_with('/') && s.external_check_path.is_none() {
            let text = format!("Proxy '{name}': 'external-check command' does not have a leading '/' and 'external-check path' is not set.");
            out.push(Diagnostic::fatal(None, text));
        }
    }
    if s.external_check_path.is_some() && !external {
        out.push(ignored("path"));
    }
    for d in out {
        cx.push(d);
    }
}
