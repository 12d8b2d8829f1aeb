//! Lowering of the load-balancing and persistence keywords: `balance`
//! (haproxy's `backend_parse_balance`), `hash-type`, `hash-balance-factor`,
//! `cookie` and `persist rdp-cookie`.

use super::{cur_proxy, warn_if_not_cap, words_from, Need};
use crate::cx::Cx;
use crate::ir::proxy::{Balance, HashType};
use crate::units;
use syntax::Line;

const BALANCE_HELP: &str = "balance only supports 'roundrobin', 'static-rr', 'leastconn', 'source', 'uri', 'url_param', 'hdr(name)' and 'rdp-cookie(name)' options.";

pub(super) fn balance(cx: &mut Cx, line: &Line) {
    warn_if_not_cap(cx, line, Need::Backend, "balance", "");
    if line.word(1).is_empty() {
        return;
    }
    let args = words_from(line, 1);
    let Some(algo) = parse_balance(&args)
        .map_err(|m| cx.parse_fatal(line, m))
        .ok()
    else {
        return;
    };
    if let Some(px) = cur_proxy(cx) {
        px.settings.balance = Some(algo);
    }
}

/// `<name>(<arg>)` split; `None` when the word has no parenthesis.
fn paren_arg<'a>(word: &'a str, name: &str) -> Option<&'a str> {
    let rest = word.strip_prefix(name)?.strip_prefix('(')?;
    Some(rest.strip_suffix(')').unwrap_or(rest))
}

fn parse_balance(args: &[String]) -> Result<Balance, String> {
    let first = args.first().map(String::as_str).unwrap_or("");
    let rest = args.get(1..).unwrap_or(&[]);
    match first {
        "roundrobin" => Ok(Balance::RoundRobin),
        "static-rr" => Ok(Balance::StaticRr),
        "first" => Ok(Balance::First),
        "leastconn" => Ok(Balance::LeastConn),
        "source" => Ok(Balance::Source),
        "random" => Ok(Balance::Random { draws: 2 }),
        "uri" => parse_uri(rest),
        "url_param" => parse_url_param(rest),
        "hash" => match rest.first() {
            Some(e) => Ok(Balance::Hash { expr: e.clone() }),
            None => Err("balance hash requires a sample expression.".into()),
        },
        "rdp-cookie" => Ok(Balance::RdpCookie {
            name: "mstshash".into(),
        }),
        w if w.starts_with("random(") => parse_random(w),
        w if w.starts_with("hdr(") => parse_hdr(w, rest),
        w if w.starts_with("rdp-cookie(") => {
            let name = paren_arg(w, "rdp-cookie").unwrap_or("");
            if name.is_empty() {
                return Err("balance rdp-cookie : missing cookie name.".into());
            }
            Ok(Balance::RdpCookie { name: name.into() })
        }
        _ => Err(BALANCE_HELP.into()),
    }
}

fn parse_random(word: &str) -> Result<Balance, String> {
    let arg = word.strip_prefix("random(").unwrap_or("");
    let (n, used) = units::strtol(arg);
    if arg
        .get(used..)
        .is_some_and(|r| !r.is_empty() && !r.starts_with(')'))
    {
        let c = arg
            .get(used..)
            .and_then(|r| r.chars().next())
            .unwrap_or(' ');
        return Err(format!(
            "balance random : unexpected character '{c}' after argument."
        ));
    }
    if n < 1 {
        return Err("balance random : number of draws must be at least 1.".into());
    }
    Ok(Balance::Random {
        draws: u32::try_from(n).unwrap_or(u32::MAX),
    })
}

fn parse_uri(rest: &[String]) -> Result<Balance, String> {
    let (mut whole, mut path_only, mut len, mut depth) = (false, false, 0, 0);
    let mut i = 0;
    while let Some(w) = rest.get(i) {
        match w.as_str() {
            "len" | "depth" => {
                let v = rest.get(i + 1).map(String::as_str).unwrap_or("");
                let n = units::atoi(v);
                if v.is_empty() || n <= 0 {
                    return Err(format!("balance uri : '{w}' expects a positive integer (got '{v}')."));
                }
                if w == "len" { len = n as u32 } else { depth = n as u32 }
                i += 1;
            }
            "whole" => whole = true,
            "path-only" => path_only = true,
            other => {
                return Err(format!(
                    "balance uri only accepts parameters 'len', 'depth', 'path-only', and 'whole' (got '{other}')."
                ))
            }
        }
        i += 1;
    }
    Ok(Balance::Uri {
        whole,
        path_only,
        len,
        depth,
    })
}

fn parse_url_param(rest: &[String]) -> Result<Balance, String> {
    let Some(name) = rest.first() else {
        return Err("balance url_param requires an URL parameter name.".into());
    };
    let mut check_post = false;
    let mut i = 1;
    while let Some(w) = rest.get(i) {
        if w != "check_post" {
            return Err(format!(
                "balance url_param only accepts 'check_post' modifier (got '{w}')."
            ));
        }
        check_post = true;
        // haproxy 2.6 still skips the obsolete numeric argument.
        if rest
            .get(i + 1)
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
        {
            i += 1;
        }
        i += 1;
    }
    Ok(Balance::UrlParam {
        name: name.clone(),
        check_post,
    })
}

fn parse_hdr(word: &str, rest: &[String]) -> Result<Balance, String> {
    let name = paren_arg(word, "hdr").unwrap_or("");
    if name.is_empty() {
        return Err("balance hdr requires an http header field name.".into());
    }
    let mut use_domain_only = false;
    for w in rest {
        if w != "use_domain_only" {
            return Err(format!(
                "balance {word} only accepts 'use_domain_only' modifier (got '{w}')."
            ));
        }
        use_domain_only = true;
    }
    Ok(Balance::Hdr {
        name: name.into(),
        use_domain_only,
    })
}

pub(super) fn hash_type(cx: &mut Cx, line: &Line) {
    warn_if_not_cap(cx, line, Need::Backend, "hash-type", "");
    let consistent = match &*line.word(1) {
        "consistent" => true,
        "map-based" => false,
        "avalanche" => {
            cx.parse_fatal(line, "experimental feature 'hash-type avalanche' is not supported anymore, please use 'hash-type map-based sdbm avalanche' instead.");
            return;
        }
        _ => {
            cx.parse_fatal(
                line,
                "'hash-type' only supports 'consistent' and 'map-based'.",
            );
            return;
        }
    };
    let function = match &*line.word(2) {
        "" => "sdbm".to_string(),
        f @ ("sdbm" | "djb2" | "wt6" | "crc32") => f.to_string(),
        _ => {
            cx.parse_fatal(
                line,
                "'hash-type' only supports 'sdbm', 'djb2', 'crc32', or 'wt6' hash functions.",
            );
            return;
        }
    };
    let avalanche = match &*line.word(3) {
        "" => line.word(2).is_empty() && consistent,
        "avalanche" => true,
        _ => {
            cx.parse_fatal(
                line,
                "'hash-type' only supports 'avalanche' as a modifier for hash functions.",
            );
            return;
        }
    };
    if let Some(px) = cur_proxy(cx) {
        px.settings.hash_type = HashType {
            consistent,
            function,
            avalanche,
        };
    }
}

pub(super) fn hash_balance_factor(cx: &mut Cx, line: &Line) {
    warn_if_not_cap(cx, line, Need::Backend, "hash-balance-factor", "");
    let v = units::atoi_like(&line.word(1));
    if v != 0 && v <= 100 {
        cx.parse_fatal(line, "'hash-balance-factor' must be 0 or greater than 100.");
        return;
    }
    if let Some(px) = cur_proxy(cx) {
        px.settings.hash_balance_factor = Some(v);
    }
}

const COOKIE_HELP: &str = "'cookie' supports 'rewrite', 'insert', 'prefix', 'indirect', 'nocache', 'postonly', 'domain', 'maxidle', 'dynamic', 'maxlife' and 'attr' options.";

pub(super) fn cookie(cx: &mut Cx, line: &Line) {
    warn_if_not_cap(cx, line, Need::Backend, "cookie", "");
    if line.word(1).is_empty() {
        cx.parse_fatal(line, "'cookie' expects <cookie_name> as argument.");
        return;
    }
    let words = words_from(line, 1);
    let mut i = 1;
    while let Some(w) = words.get(i) {
        match w.as_str() {
            "rewrite" | "insert" | "prefix" | "indirect" | "nocache" | "postonly" | "preserve"
            | "httponly" | "secure" | "dynamic" => {}
            "domain" | "maxidle" | "maxlife" | "attr" => {
                if words.get(i + 1).is_none() {
                    let msg = format!("'{w}' expects a value as argument.");
                    cx.parse_fatal(line, format!("cookie {msg}"));
                    return;
                }
                i += 1;
            }
            _ => {
                cx.parse_fatal(line, COOKIE_HELP);
                return;
            }
        }
        i += 1;
    }
    if let Some(px) = cur_proxy(cx) {
        px.settings.cookie = Some(words);
    }
}

pub(super) fn persist(cx: &mut Cx, line: &Line) {
    warn_if_not_cap(cx, line, Need::Backend, "persist", "");
    let w = line.word(1).into_owned();
    if w.is_empty() {
        cx.parse_fatal(line, "missing persist method.");
        return;
    }
    let name = if w == "rdp-cookie" {
        "msts".to_string()
    } else if let Some(n) = paren_arg(&w, "rdp-cookie") {
        if n.is_empty() {
            cx.parse_fatal(
                line,
                "persist rdp-cookie(name)' requires an rdp cookie name.",
            );
            return;
        }
        n.to_string()
    } else {
        cx.parse_fatal(line, "unknown persist method.");
        return;
    };
    if let Some(px) = cur_proxy(cx) {
        px.settings.persist_rdp_cookie = Some(name);
    }
}
