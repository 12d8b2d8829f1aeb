//! The `server`, `default-server` and `server-template` keywords: placement
//! checks, names, addresses, then the options through
//! [`server_opts::SERVER_OPTS`], starting from the proxy's cumulative
//! `default-server` settings.

#[path = "server_opts.rs"]
mod server_opts;

use crate::addr::{self, AddrRules};
use crate::cx::{Current, Cx};
use crate::ir::server::Server;
use crate::registry::{best_match, Keyword, Sections, Support};
use server_opts::SERVER_OPTS;
use syntax::{Diagnostic, Line};

pub(crate) static KEYWORDS: &[Keyword] = &[
    Keyword {
        name: "server",
        sections: Sections::PROXY,
        support: Support::Supported,
        lower: lower_server,
        summary: "a server of a backend",
    },
    Keyword {
        name: "default-server",
        sections: Sections::PROXY,
        support: Support::Supported,
        lower: lower_server,
        summary: "settings every later server starts from",
    },
    Keyword {
        name: "server-template",
        sections: Sections::PROXY,
        support: Support::Supported,
        lower: lower_server,
        summary: "a numbered series of servers sharing one address",
    },
];

/// `[f:l] : msg` as a fatal alert: the server parser's own prefix.
fn srv_fatal(cx: &mut Cx, line: &Line, msg: impl AsRef<str>) {
    let text = format!("[{}] : {}", cx.loc(line), msg.as_ref());
    cx.push(Diagnostic::fatal(Some(line.span), text));
}

/// The proxy the line belongs to, after haproxy's placement checks.
fn placement(cx: &mut Cx, line: &Line, kw: &str) -> Option<Current> {
    match cx.cur {
        Current::Defaults(_) if kw != "default-server" => {
            srv_fatal(
                cx,
                line,
                format!("'{kw}' not allowed in 'defaults' section."),
            );
            None
        }
        Current::Defaults(i) => Some(Current::Defaults(i)),
        Current::Proxy(i) => {
            let px = cx.cfg.proxies.get(i)?;
            if !px.cap.backend {
                let msg = format!(
                    "parsing [{}] : '{kw}' not allowed because {} '{}' has no backend capability.",
                    cx.loc(line),
                    px.type_str(),
                    px.name
                );
                srv_fatal(cx, line, msg);
                return None;
            }
            Some(Current::Proxy(i))
        }
        _ => None,
    }
}

fn proxy_mut<'c>(cx: &'c mut Cx, at: Current) -> Option<&'c mut crate::ir::Proxy> {
    match at {
        Current::Defaults(i) => cx.cfg.defaults.get_mut(i),
        Current::Proxy(i) => cx.cfg.proxies.get_mut(i),
        _ => None,
    }
}

/// `server-template`'s `<num | low-high>` as haproxy's
/// `_srv_parse_tmpl_range` reads it: `atoi` of the text and of what
/// follows its first `-`; a lone number `n` means `1-n`.
fn template_range(arg: &str) -> Option<(i64, i64)> {
    let first = atoi(arg);
    let (lo, hi) = match arg.split_once('-') {
        Some((_, rest)) => (first, atoi(rest)),
        None => (1, first),
    };
    (lo >= 0 && hi >= lo).then_some((lo, hi))
}

fn atoi(s: &str) -> i64 {
    crate::units::atoi_like(s)
}

fn lower_server(cx: &mut Cx, line: &Line) {
    let kw = line.word(0).into_owned();
    let Some(at) = placement(cx, line, &kw) else {
        return;
    };
    let Some(px) = proxy_mut(cx, at) else { return };
    let px_name = px.name.clone();
    let mut srv = px.default_server.clone();
    srv.span = Some(line.span);
    let first_opt = match kw.as_str() {
        "default-server" => 1,
        "server-template" => 4,
        _ => 3,
    };
    if kw != "default-server" && !header(cx, line, &kw, &px_name, &mut srv) {
        return;
    }
    if !parse_options(cx, line, &kw, &px_name, &mut srv, first_opt) {
        return;
    }
    if kw != "default-server" && srv.agent.enabled && srv.agent.port.is_none() {
        let msg = format!(
            "'server {px_name}/{}' : server {} does not have agent port. Agent check has been disabled.",
            srv.name, srv.name
        );
        srv_fatal(cx, line, msg);
        srv.agent.enabled = false;
    }
    let Some(px) = proxy_mut(cx, at) else { return };
    if kw == "default-server" {
        srv.span = None;
        px.default_server = srv;
    } else if let Some((prefix, lo, hi)) = srv.template.clone() {
        // One server per number of the range, named `<prefix><n>`.
        for n in lo..=hi {
            let mut one = srv.clone();
            one.name = format!("{prefix}{n}");
            px.servers.push(one);
        }
    } else {
        px.servers.push(srv);
    }
}

/// Name and address of `server` / `server-template`; `false` on error.
fn header(cx: &mut Cx, line: &Line, kw: &str, px_name: &str, srv: &mut Server) -> bool {
    let tpl = kw == "server-template";
    let name = line.word(1).into_owned();
    let addr_word = line.word(if tpl { 3 } else { 2 }).into_owned();
    if addr_word.is_empty() {
        let msg = if tpl {
            "'server-template' expects <prefix> <nb | range> <addr>[:<port>] as arguments."
        } else {
            "'server' expects <name> and <addr>[:<port>] as arguments."
        };
        srv_fatal(cx, line, msg);
        return false;
    }
    if tpl {
        let range = line.word(2).into_owned();
        let Some((lo, hi)) = template_range(&range) else {
            srv_fatal(
                cx,
                line,
                format!("Wrong server-template number or range arg '{range}'."),
            );
            return false;
        };
        srv.template = Some((name.clone(), lo, hi));
    }
    if let Some(c) = name.chars().find(|c| !valid_name_char(*c)) {
        srv_fatal(
            cx,
            line,
            format!("character '{c}' is not permitted in server name '{name}'."),
        );
        return false;
    }
    srv.name = name;
    match addr::parse(cx, &addr_word, &AddrRules::server()) {
        Ok(a) => {
            if let addr::Target::Name(host) = &a.target {
                if host.starts_with('.') || host.contains("..") {
                    let msg = format!(
                        "'server {px_name}/{}' : Can't create DNS resolution for server '{}'",
                        srv.name, srv.name
                    );
                    srv_fatal(cx, line, msg);
                    return false;
                }
            }
            srv.addr = Some(a);
            true
        }
        Err(e) => {
            srv_fatal(cx, line, format!("'server {px_name}/{}' : {e}", srv.name));
            false
        }
    }
}

/// haproxy's `invalid_char`: names are letters, digits, `-_.:`.
fn valid_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')
}

/// Applies the options; `false` after the first fatal one.
fn parse_options(
    cx: &mut Cx,
    line: &Line,
    kw: &str,
    px_name: &str,
    srv: &mut Server,
    first: usize,
) -> bool {
    let ctx = format!("'{kw} {px_name}/{}'", srv.name);
    let ctx = if kw == "server-template" {
        format!("'server {px_name}/{}'", srv.name)
    } else {
        ctx
    };
    let mut i = first;
    loop {
        let word = line.word(i).into_owned();
        if word.is_empty() {
            return true;
        }
        let Some(opt) = SERVER_OPTS.iter().find(|o| o.name == word) else {
            let msg = if kw == "default-server" {
                format!("unknown keyword '{word}'. Hint: no address was expected for this server.")
            } else {
                match best_match(&word, SERVER_OPTS.iter().map(|o| o.name)) {
                    Some(b) => {
                        format!("{ctx} : unknown keyword '{word}'; did you mean '{b}' maybe ?")
                    }
                    None => format!("{ctx} : unknown keyword '{word}'."),
                }
            };
            srv_fatal(cx, line, msg);
            return false;
        };
        let arg = if opt.takes_arg {
            line.word(i + 1).into_owned()
        } else {
            String::new()
        };
        if let Err(e) = (opt.parse)(cx, srv, &word, &arg) {
            srv_fatal(cx, line, format!("{ctx} : {}.", e.msg));
            if let Some(after) = e.after {
                cx.push(Diagnostic::fatal(Some(line.span), after));
            }
            return false;
        }
        i += 1 + usize::from(opt.takes_arg);
    }
}

#[cfg(test)]
#[path = "server_tests.rs"]
mod tests;
