//! haproxy's `sample_parse_expr()`: `fetch(args),conv(args),...` with the
//! fetch and converter tables, argument lists, type compatibility of the
//! converter chain and the argument validations we reproduce (variable
//! names, map files).

use crate::host::Host;
use crate::ir::rules::{Conv, SampleExpr};
use crate::sample_args::make_arg_list;
use crate::sample_types::{Fetch, SmpType};
use crate::{sample_convs, sample_fetches};

/// A parsed expression with what the callers need to know about it.
#[derive(Debug)]
pub struct Parsed {
    pub expr: SampleExpr,
    pub fetch: &'static Fetch,
    /// The output type after the converters.
    pub out: SmpType,
    /// Byte offset in the (last) word where parsing stopped.
    pub end: usize,
}

/// haproxy's `is_idchar`: characters of fetch and converter names.
pub fn is_idchar(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-' | b'+' | b'$')
}

/// Where the expression comes from.
pub struct Source<'a> {
    /// The words, the expression starts at `words[*idx]`.
    pub words: &'a [String],
    /// Index of the current word; moved forward when a converter is found
    /// alone in the next word (ACL syntax `hdr(x) lower`).
    pub idx: &'a mut usize,
    /// Stop at the first character that is not a comma after an element
    /// instead of failing (log-format `%[...]`, with `endptr` set).
    pub endptr: bool,
}

/// Parses a sample expression. The error is haproxy's message without the
/// caller's context.
pub fn parse(host: &dyn Host, src: Source<'_>) -> Result<Parsed, String> {
    let word = src.words.get(*src.idx).map(String::as_str).unwrap_or("");
    let b = word.as_bytes();
    let name_end = b.iter().position(|c| !is_idchar(*c)).unwrap_or(b.len());
    if name_end == 0 {
        return Err("missing fetch method".to_string());
    }
    let name = &word[..name_end];
    let fetch =
        sample_fetches::find(name).ok_or_else(|| format!("unknown fetch method '{name}'"))?;
    let list = make_arg_list(&b[name_end..], fetch.args, fetch.min_args as usize)
        .map_err(|e| format!("fetch method '{name}' : {}", e.msg))?;
    if let Err(e) = validate_fetch_args(fetch.name, &list.args) {
        return Err(format!("invalid args in fetch method '{name}' : {e}"));
    }
    let mut parsed = Parsed {
        expr: SampleExpr {
            fetch: name.to_string(),
            args: list.args,
            convs: Vec::new(),
        },
        fetch,
        out: fetch.out,
        end: name_end + list.end,
    };
    parse_convs(host, src, &mut parsed)?;
    Ok(parsed)
}

/// The converter chain after the fetch (`sample_parse_expr_cnv`).
pub fn parse_convs(host: &dyn Host, src: Source<'_>, p: &mut Parsed) -> Result<(), String> {
    let mut word: &str = src.words.get(*src.idx).map(String::as_str).unwrap_or("");
    let mut at = p.end;
    let mut last: Option<String> = None;
    loop {
        let b = word.as_bytes();
        if at < b.len() && b[at] != b',' {
            if src.endptr {
                break;
            }
            return Err(match &last {
                Some(c) => format!("missing comma after converter '{c}'"),
                None => format!("missing comma after fetch keyword '{}'", p.expr.fetch),
            });
        }
        while b.get(at) == Some(&b',') {
            at += 1;
        }
        let mut alone = false;
        if at >= b.len() {
            if src.endptr {
                break;
            }
            match src.words.get(*src.idx + 1) {
                Some(next) if !next.is_empty() => {
                    *src.idx += 1;
                    word = next;
                    at = 0;
                    alone = true;
                }
                _ => break,
            }
        }
        let b = word.as_bytes();
        let end = b[at..]
            .iter()
            .position(|c| !is_idchar(*c))
            .map_or(b.len(), |n| at + n);
        let name = &word[at..end];
        let Some(conv) = sample_convs::find(name) else {
            if alone {
                // An isolated unknown word is not ours (a pattern).
                *src.idx -= 1;
                break;
            }
            return Err(format!("unknown converter '{name}'"));
        };
        if !p.out.casts_to(conv.input) {
            return Err(format!("converter '{name}' cannot be applied"));
        }
        p.out = conv.out;
        let list = make_arg_list(&b[end..], conv.args, conv.min_args as usize).map_err(|e| {
            format!(
                "invalid arg {} in converter '{name}' : {}",
                e.pos + 1,
                e.msg
            )
        })?;
        if let Err(e) = validate_conv_args(host, name, &list.args) {
            return Err(format!("invalid args in converter '{name}' : {e}"));
        }
        p.expr.convs.push(Conv {
            name: name.to_string(),
            args: list.args,
        });
        at = end + list.end;
        last = Some(name.to_string());
    }
    p.end = at;
    Ok(())
}

/// The scopes a variable name may start with.
pub const VAR_SCOPES: [&str; 6] = ["proc", "sess", "txn", "req", "res", "check"];

/// haproxy's `vars_check_arg` / `register_name` message for a bad name.
pub fn check_var_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("Empty variable name cannot be accepted".to_string());
    }
    let scope_ok = VAR_SCOPES
        .iter()
        .any(|s| name.strip_prefix(s).is_some_and(|r| r.starts_with('.')));
    if !scope_ok {
        return Err(format!(
            "invalid variable name '{name}'. A variable name must be start by its scope. The scope can be 'proc', 'sess', 'txn', 'req', 'res' or 'check'"
        ));
    }
    Ok(())
}

fn validate_fetch_args(fetch: &str, args: &[String]) -> Result<(), String> {
    if fetch == "var" {
        return check_var_name(args.first().map(String::as_str).unwrap_or(""));
    }
    Ok(())
}

fn validate_conv_args(host: &dyn Host, conv: &str, args: &[String]) -> Result<(), String> {
    if conv.starts_with("map") {
        let file = args.first().map(String::as_str).unwrap_or("");
        if host.read(file).is_err() {
            return Err(format!("failed to open pattern file <{file}>"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::SystemLikeHost;

    fn check(words: &[&str], expected: Result<&str, &str>) {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        let mut idx = 0;
        let host = SystemLikeHost::default();
        let src = Source {
            words: &words,
            idx: &mut idx,
            endptr: false,
        };
        match (parse(&host, src), expected) {
            (Ok(p), Ok(fetch)) => assert_eq!(p.expr.fetch, fetch),
            (Err(e), Err(msg)) => assert_eq!(e, msg),
            (got, want) => panic!("got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn sample_expressions_like_haproxy() {
        check(&["req.hdr(host),lower"], Ok("req.hdr"));
        check(&["srcx"], Err("unknown fetch method 'srcx'"));
        check(&["(arg)"], Err("missing fetch method"));
        check(
            &["src(1)"],
            Err("fetch method 'src' : expected ')' before '1)'"),
        );
        check(&["src,lowerr"], Err("unknown converter 'lowerr'"));
        check(
            &["src,lower(1)"],
            Err("invalid arg 1 in converter 'lower' : expected ')' before '1)'"),
        );
        check(&["var(foo)"], Err("invalid args in fetch method 'var' : invalid variable name 'foo'. A variable name must be start by its scope. The scope can be 'proc', 'sess', 'txn', 'req', 'res' or 'check'"));
    }

    #[test]
    fn converters_are_typed_by_their_real_input_and_output() {
        check(&["req.payload(0,4),length"], Ok("req.payload"));
        check(&["src,hex,ipmask(24)"], Ok("src"));
        check(&["req.payload(0,4),crc32,ipmask(24)"], Ok("req.payload"));
        check(
            &["req.payload(0,4),ipmask(24)"],
            Err("converter 'ipmask' cannot be applied"),
        );
    }
}
