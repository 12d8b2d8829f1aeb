//! Proxy section headers (`defaults [<name>] [from <defname>]`,
//! `frontend|backend|listen <name> [from <defname>]`): name checks,
//! duplicate names, the choice of the defaults section to inherit from and
//! the named-defaults restrictions of haproxy's `cfg_parse_listen`.

use crate::cx::{Current, Cx};
use crate::ir::Proxy;
use syntax::{Diagnostic, Line, SectionKind};

/// haproxy's `invalid_char`: proxy names use `[A-Za-z0-9_.:-]`.
fn invalid_char(name: &str) -> Option<char> {
    name.chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-')))
}

/// Opens a defaults, frontend, backend or listen section.
pub fn open(cx: &mut Cx, kind: SectionKind, line: &Line) {
    cx.cur = Current::OutOfSection;
    let kw = kind.keyword();
    let is_def = kind == SectionKind::Defaults;
    // `defaults from x` names nothing and inherits from x.
    let (name, rest) = if is_def && line.word(1) == "from" {
        (String::new(), 1)
    } else {
        (line.word(1).into_owned(), 2)
    };
    if !is_def && name.is_empty() {
        let text = format!(
            "parsing [{}] : '{kw}' expects an <id> argument",
            cx.loc(line)
        );
        cx.push(Diagnostic::abort(Some(line.span), text));
        return;
    }
    if !is_def {
        if let Some(c) = invalid_char(&name) {
            cx.parse_fatal(
                line,
                format!("character '{c}' is not permitted in '{kw}' name '{name}'."),
            );
        }
        check_duplicate(cx, kind, &name, line);
    }
    let mut from = None;
    let mut legacy_addr = None;
    let extra = line.word(rest).into_owned();
    if extra == "from" && !line.word(rest + 1).is_empty() {
        if !line.word(rest + 2).is_empty() {
            let w = line.word(rest + 2);
            cx.parse_fatal(
                line,
                format!("'{kw}' cannot handle unexpected argument '{w}'."),
            );
        } else {
            from = Some(line.word(rest + 1).into_owned());
        }
    } else if !extra.is_empty() {
        legacy_addr = header_address(cx, kind, line, rest);
    }
    let Some(def) = select_defaults(cx, kind, &name, from.as_deref(), line) else {
        return;
    };
    let span = Some(line.span);
    let mut px = match def.and_then(|i| cx.cfg.defaults.get(i)) {
        Some(d) => Proxy::inherit(kind, name, span, d),
        None => Proxy::new(kind, name, span),
    };
    px.from = from;
    px.defaults = def;
    px.legacy_addr = legacy_addr;
    if is_def {
        cx.cfg.defaults.push(px);
        cx.cur = Current::Defaults(cx.cfg.defaults.len() - 1);
    } else {
        let i = cx.cfg.add_proxy(px);
        cx.cur = Current::Proxy(i);
    }
}

/// Finishes the current proxy section. Nothing is pending at the end of a
/// proxy section: every keyword is complete on its own line.
pub fn close(cx: &mut Cx) {
    cx.cur = Current::OutOfSection;
}

/// A frontend may share a name with a backend; a listen collides with a
/// frontend or listen (haproxy looks a listen up on the frontend side only).
fn check_duplicate(cx: &mut Cx, kind: SectionKind, name: &str, line: &Line) {
    let want_fe = kind != SectionKind::Backend;
    let Some((_, other)) = cx.cfg.proxies_named(name).find(|(_, p)| {
        if want_fe {
            p.cap.frontend
        } else {
            p.cap.backend
        }
    }) else {
        return;
    };
    let at = other.span.map(|s| cx.loc_of(s)).unwrap_or_default();
    let this = match kind {
        SectionKind::Frontend => "frontend",
        SectionKind::Backend => "backend",
        _ => "proxy",
    };
    let text = format!(
        "Parsing [{}]: {this} '{name}' has the same name as {} '{name}' declared at {at}.",
        cx.loc(line),
        other.type_str()
    );
    cx.push(Diagnostic::fatal(Some(line.span), text));
}

/// The 1.x `listen <name> <addr>` form: haproxy 2.6 refuses it, portcullis
/// accepts it on the frontend side and says what it means today. Other
/// sections silently ignore the extra word in haproxy; we warn instead.
fn header_address(cx: &mut Cx, kind: SectionKind, line: &Line, at: usize) -> Option<String> {
    if kind == SectionKind::Defaults {
        // haproxy 2.6 ignores every word after a defaults section's name
        // (`defaults mydefaults mode http` does not even set the mode).
        return None;
    }
    let shown = super::words_from(line, 0).join(" ");
    if !line.word(at + 1).is_empty() {
        let w = line.word(at + 1);
        let kw = kind.keyword();
        cx.parse_fatal(
            line,
            format!("'{kw}' cannot handle unexpected argument '{w}'."),
        );
        return None;
    }
    let addr = line.word(at).into_owned();
    if matches!(kind, SectionKind::Frontend | SectionKind::Listen) {
        let msg = format!(
            "'{shown}' : the address on the '{}' line was removed in HAProxy 2.x; accepted as 'bind {addr}'.",
            kind.keyword()
        );
        cx.parse_warn(line, msg);
        Some(addr)
    } else {
        let msg =
            format!("'{shown}' : extra argument '{addr}' ignored (haproxy 2.6 ignores it too).");
        cx.parse_warn(line, msg);
        None
    }
}

/// Picks the defaults section a new proxy copies: the named one given with
/// `from`, else the last one for a non-defaults proxy, else none (a new
/// defaults section starts from the built-in settings). `None` means the
/// header failed with an abort.
fn select_defaults(
    cx: &mut Cx,
    kind: SectionKind,
    name: &str,
    from: Option<&str>,
    line: &Line,
) -> Option<Option<usize>> {
    let this = type_word(kind);
    let idx = match from {
        Some(f) => {
            let found: Vec<usize> = (0..cx.cfg.defaults.len())
                .filter(|&i| cx.cfg.defaults.get(i).is_some_and(|d| d.name == f))
                .collect();
            let Some(&first) = found.first() else {
                let text = format!(
                    "parsing [{}] : defaults section '{f}' not found for {this} '{name}'.",
                    cx.loc(line)
                );
                cx.push(Diagnostic::abort(Some(line.span), text));
                return None;
            };
            if let Some(&second) = found.get(1) {
                let a = def_loc(cx, first);
                let b = def_loc(cx, second);
                cx.parse_fatal(
                    line,
                    format!("ambiguous defaults section name '{f}' referenced by {this} '{name}' exists at least at {a} and {b}."),
                );
            }
            if let Some(d) = cx.cfg.defaults.get_mut(first) {
                d.referenced_explicitly = true;
            }
            Some(first)
        }
        None if kind == SectionKind::Defaults => None,
        None => {
            let last = cx.cfg.defaults.len().checked_sub(1);
            if let Some(d) = last.and_then(|i| cx.cfg.defaults.get(i)) {
                if d.referenced_explicitly {
                    let at = def_loc(cx, cx.cfg.defaults.len() - 1);
                    let dn = d.name.clone();
                    cx.parse_alert(
                        line,
                        format!("defaults section '{dn}' (declared at {at}) is explicitly referenced by another proxy and implicitly used here. To avoid any ambiguity don't mix both usage. Add a last defaults section not explicitly used or always use explicit references."),
                    );
                }
            }
            last
        }
    };
    if let Some(i) = idx {
        if !rules_restriction(cx, kind, i, line) {
            return None;
        }
    }
    Some(idx)
}

/// A defaults section defining TCP/HTTP rules can only serve proxies of
/// one side, and never a defaults or listen section.
fn rules_restriction(cx: &mut Cx, kind: SectionKind, def: usize, line: &Line) -> bool {
    let at = def_loc(cx, def);
    let Some(d) = cx.cfg.defaults.get_mut(def) else {
        return true;
    };
    if !d.defines_rules {
        return true;
    }
    let msg = match kind {
        SectionKind::Defaults | SectionKind::Listen => format!(
            "a {} section cannot inherit from a defaults section defining TCP/HTTP rules (defaults section at {at}).",
            kind.keyword()
        ),
        SectionKind::Frontend if d.inherited_by.backend => String::new(),
        SectionKind::Backend if d.inherited_by.frontend => String::new(),
        SectionKind::Frontend => {
            d.inherited_by.frontend = true;
            return true;
        }
        _ => {
            d.inherited_by.backend = true;
            return true;
        }
    };
    let msg = if msg.is_empty() {
        format!("frontends and backends cannot inherit from the same defaults section if it defines TCP/HTTP rules (defaults section at {at}).")
    } else {
        msg
    };
    let text = format!("parsing [{}]: {msg}", cx.loc(line));
    cx.push(Diagnostic::abort(Some(line.span), text));
    false
}

fn def_loc(cx: &Cx, i: usize) -> String {
    cx.cfg
        .defaults
        .get(i)
        .and_then(|d| d.span)
        .map(|s| cx.loc_of(s))
        .unwrap_or_default()
}

/// The word haproxy uses for the proxy being created in header messages.
fn type_word(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::Defaults => "defaults",
        SectionKind::Frontend => "frontend",
        SectionKind::Backend => "backend",
        _ => "proxy",
    }
}
