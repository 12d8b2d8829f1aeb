//! The `bind` keyword of proxy sections and `stats socket` of `global`
//! (haproxy parses both as a bind line): capability checks, the address
//! list, then the options through [`bind_opts::BIND_OPTS`].

#[path = "bind_opts.rs"]
mod bind_opts;
#[path = "bind_ssl.rs"]
pub(crate) mod bind_ssl;

use crate::addr::{self, AddrRules};
use crate::cx::{Current, Cx};
use crate::ir::bind::{Bind, Level};
use crate::registry::{best_match, Keyword, Sections, Support};
use bind_opts::{OptErr, BIND_OPTS};
use syntax::{Diagnostic, Line};

pub(crate) use bind_opts::tls_version_error;

pub(crate) static KEYWORDS: &[Keyword] = &[Keyword {
    name: "bind",
    sections: Sections::PROXY,
    support: Support::Supported,
    lower: lower_bind,
    summary: "listening addresses and their options",
}];

/// The address rules of listeners, with `unix-bind prefix` applied.
fn listener_rules(cx: &Cx) -> AddrRules {
    AddrRules {
        unix_prefix: cx
            .cfg
            .global
            .unix_bind
            .as_ref()
            .and_then(|u| u.prefix.clone()),
        ..AddrRules::bind()
    }
}

/// haproxy's `indent_msg(&err, 2)`: the final line feed goes, inner ones
/// indent the following line.
fn indent(msg: &str) -> String {
    msg.trim_end_matches('\n').replace('\n', "\n  ")
}

fn lower_bind(cx: &mut Cx, line: &Line) {
    let idx = match cx.cur {
        Current::Defaults(_) => {
            cx.parse_fatal(line, "'bind' not allowed in 'defaults' section.");
            return;
        }
        Current::Proxy(i) => i,
        _ => return,
    };
    let Some(px) = cx.cfg.proxies.get(idx) else {
        return;
    };
    if !px.cap.frontend {
        let msg = format!(
            "'bind' ignored because {} '{}' has no frontend capability.",
            px.type_str(),
            px.name
        );
        cx.parse_warn(line, msg);
    }
    let text = line.word(1).into_owned();
    if text.is_empty() {
        cx.parse_fatal(
            line,
            "'bind' expects {<path>|[addr1]:port1[-end1]}{,[addr]:port[-end]}... as arguments.",
        );
        return;
    }
    let addrs = match addr::parse_list(cx, &text, &listener_rules(cx)) {
        Ok(a) => a,
        Err(e) => {
            cx.parse_fatal(line, format!("'bind' : {}", indent(&e)));
            return;
        }
    };
    let mut bind = Bind {
        span: Some(line.span),
        text: text.clone(),
        addrs,
        ..Bind::default()
    };
    let section = cx.cur_kind.map_or("", |k| k.keyword());
    let head = format!("'bind {text}' in section '{section}'");
    if let Err((e, unknown)) = parse_options(cx, &mut bind, line, 2) {
        let msg = match (e.pre, unknown) {
            (_, true) => format!("{head}: {}", e.msg),
            (Some(pre), false) => {
                cx.push(Diagnostic::fatal(Some(line.span), pre));
                format!("{head} : {}", indent(&e.msg))
            }
            (None, false) => format!("{head} : {}", indent(&e.msg)),
        };
        cx.parse_fatal(line, msg);
    }
    if let Some(px) = cx.cfg.proxies.get_mut(idx) {
        px.binds.push(bind);
    }
}

/// Applies the options from word `first` on; stops at the first error,
/// returned with whether it was an unknown keyword.
fn parse_options(
    cx: &Cx,
    bind: &mut Bind,
    line: &Line,
    first: usize,
) -> Result<(), (OptErr, bool)> {
    let mut i = first;
    loop {
        let kw = line.word(i).into_owned();
        if kw.is_empty() {
            return Ok(());
        }
        let Some(opt) = BIND_OPTS.iter().find(|o| o.name == kw) else {
            let best = best_match(&kw, BIND_OPTS.iter().map(|o| o.name));
            let msg = match best {
                Some(b) => format!("unknown keyword '{kw}'; did you mean '{b}' maybe ?"),
                None => format!("unknown keyword '{kw}'."),
            };
            return Err((msg.into(), true));
        };
        let arg = if opt.takes_arg {
            line.word(i + 1).into_owned()
        } else {
            String::new()
        };
        (opt.parse)(cx, bind, &kw, &arg).map_err(|e| (e, false))?;
        i += 1 + usize::from(opt.takes_arg);
    }
}

/// `stats socket <addr> [bind options]` in `global`, registered by the
/// global section's table. The listener goes to `global.stats_sockets`.
pub fn lower_stats_socket(cx: &mut Cx, line: &Line) {
    let text = line.word(2).into_owned();
    if text.is_empty() {
        cx.parse_fatal(
            line,
            "'stats socket' in global section expects an address or a path to a UNIX socket",
        );
        return;
    }
    let addrs = match addr::parse_list(cx, &text, &AddrRules::bind()) {
        Ok(a) => a,
        Err(e) => {
            let inner = format!("parsing [{}] : 'stats socket' : {e}\n", cx.loc(line));
            cx.parse_fatal(line, inner);
            return;
        }
    };
    let mut bind = Bind {
        span: Some(line.span),
        text,
        addrs,
        level: Some(Level::Operator),
        ..Bind::default()
    };
    if let Err((e, unknown)) = parse_options(cx, &mut bind, line, 3) {
        if let Some(pre) = e.pre {
            cx.push(Diagnostic::fatal(Some(line.span), pre));
        }
        let msg = if unknown {
            // The global parser words its hint differently.
            let m = e.msg.replace("; did you mean", ". Did you mean");
            format!("'stats socket' : {m}")
        } else {
            format!("'stats socket' : '{}'", e.msg)
        };
        cx.parse_fatal(line, msg);
        return;
    }
    cx.cfg.global.stats_sockets.push(bind);
}

#[cfg(test)]
#[path = "bind_tests.rs"]
pub(crate) mod tests;
