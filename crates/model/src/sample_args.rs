//! haproxy's `make_arg_list()`: the `(arg,arg)` list after a fetch or
//! converter name, with its quoting, escapes, per-type checks and messages.

use crate::sample_types::ArgType;

/// The parsed list: argument texts, how many were parsed, and the byte
/// offset in the input of the first byte after the list.
#[derive(Debug, PartialEq, Eq)]
pub struct ArgList {
    pub args: Vec<String>,
    pub end: usize,
}

/// A failure: the message and the 0-based argument position haproxy
/// reports (`invalid arg <pos+1> in converter ...`).
#[derive(Debug, PartialEq, Eq)]
pub struct ArgError {
    pub msg: String,
    pub pos: usize,
}

/// Parses the argument list at the start of `input` for a keyword taking
/// `types` with `min` mandatory arguments.
pub fn make_arg_list(input: &[u8], types: &[ArgType], min: usize) -> Result<ArgList, ArgError> {
    let empty = input.first() != Some(&b'(');
    let mut i = if empty { 0 } else { 1 };
    let mut args = Vec::new();
    let nbarg = types.len();
    if nbarg > 0 && !(empty && min == 0) {
        while args.len() < nbarg {
            // `fetch()` is an empty argument list, accepted when every
            // argument is optional (haproxy 2.6 accepts `uuid()`).
            if !empty && args.is_empty() && min == 0 && input.get(i) == Some(&b')') {
                break;
            }
            let pos = args.len();
            let ty = types[pos];
            let (text, next) = unquote(input, i, empty)?;
            i = next;
            check_type(&text, ty, pos)?;
            args.push(text);
            let at = if empty { None } else { input.get(i) };
            match at {
                None | Some(b')') => break,
                _ if args.len() >= nbarg => break,
                _ => i += 1,
            }
        }
    }
    let pos = args.len();
    if pos < min {
        let ty = types.get(pos).map(|t| t.name()).unwrap_or("none");
        return Err(ArgError {
            msg: format!("missing arguments (got {pos}/{min}), type '{ty}' expected"),
            pos,
        });
    }
    if !empty {
        match input.get(i) {
            Some(b')') => i += 1,
            rest => {
                let word = String::from_utf8_lossy(&input[i.min(input.len())..]).into_owned();
                let msg = if rest.is_some() && !word.is_empty() {
                    format!("expected ')' before '{word}'")
                } else {
                    "expected ')'".to_string()
                };
                let pos = if pos > 1 { pos - 1 } else { pos };
                return Err(ArgError { msg, pos });
            }
        }
    }
    Ok(ArgList { args, end: i })
}

/// Reads one argument from `i` up to an unquoted `,` or `)`, handling
/// quotes and backslash escapes like haproxy. `bare` means there was no
/// parenthesis: the argument is empty.
fn unquote(input: &[u8], mut i: usize, bare: bool) -> Result<(String, usize), ArgError> {
    let mut out = Vec::new();
    let (mut sq, mut dq) = (false, false);
    while !bare && i < input.len() {
        let c = input[i];
        match c {
            b'"' if !sq => dq = !dq,
            b'\'' if !dq => sq = !sq,
            b'\\' if !sq && i + 1 < input.len() => {
                i += 1;
                match input[i] {
                    b'\\' | b' ' | b'"' | b'\'' => out.push(input[i]),
                    b'r' => out.push(b'\r'),
                    b'n' => out.push(b'\n'),
                    b't' => out.push(b'\t'),
                    _ => {
                        out.push(b'\\');
                        i -= 1;
                    }
                }
            }
            b',' | b')' if !sq && !dq => break,
            _ => out.push(c),
        }
        i += 1;
    }
    Ok((String::from_utf8_lossy(&out).into_owned(), i))
}

fn check_type(text: &str, ty: ArgType, pos: usize) -> Result<(), ArgError> {
    let needs_value = !matches!(
        ty,
        ArgType::Str
            | ArgType::Table
            | ArgType::Backend
            | ArgType::Frontend
            | ArgType::Server
            | ArgType::User
            | ArgType::Regex
    );
    if needs_value && text.is_empty() {
        return Err(ArgError {
            msg: format!(
                "expected type '{}' at position {}, but got nothing",
                ty.name(),
                pos + 1
            ),
            pos,
        });
    }
    let ok = match ty {
        ArgType::Int => is_int64(text),
        ArgType::Ipv4 => text.parse::<std::net::Ipv4Addr>().is_ok(),
        ArgType::Ipv6 => text.parse::<std::net::Ipv6Addr>().is_ok(),
        ArgType::Msk4 => is_mask4(text),
        ArgType::Msk6 => text.parse::<u8>().is_ok_and(|n| n <= 128),
        ArgType::PbufFnum => text.split('.').all(|p| p.parse::<u32>().is_ok()),
        _ => true,
    };
    if ok {
        return Ok(());
    }
    Err(ArgError {
        msg: format!(
            "failed to parse '{text}' as type '{}' at position {}",
            ty.name(),
            pos + 1
        ),
        pos,
    })
}

/// `read_int64` consuming the whole text: an optional sign and digits.
pub fn is_int64(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `str2mask`: a prefix length (0..32) or a dotted netmask.
fn is_mask4(text: &str) -> bool {
    if let Ok(n) = text.parse::<u8>() {
        return n <= 32;
    }
    text.parse::<std::net::Ipv4Addr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ArgType::*;

    fn check(input: &str, types: &[ArgType], min: usize, expected: Result<(&[&str], usize), &str>) {
        let got = make_arg_list(input.as_bytes(), types, min);
        match expected {
            Ok((args, end)) => {
                let got = got.expect("parse");
                assert_eq!(
                    got.args,
                    args.iter().map(|s| s.to_string()).collect::<Vec<_>>()
                );
                assert_eq!(got.end, end);
            }
            Err(msg) => assert_eq!(got.expect_err("must fail").msg, msg),
        }
    }

    #[test]
    fn arg_lists_like_haproxy() {
        check("(host),lower", &[Str, Int], 0, Ok((&["host"], 6)));
        check("", &[Str, Int], 0, Ok((&[], 0)));
        check("()", &[Int], 0, Ok((&[], 2)));
        check("(1)", &[], 0, Err("expected ')' before '1)'"));
        check(
            "",
            &[Int],
            1,
            Err("expected type 'integer' at position 1, but got nothing"),
        );
        check(
            "(x)",
            &[Int],
            1,
            Err("failed to parse 'x' as type 'integer' at position 1"),
        );
        check(
            "(a,b)",
            &[Str, Int],
            0,
            Err("failed to parse 'b' as type 'integer' at position 2"),
        );
        check("(\"a,b\",2)", &[Str, Int], 0, Ok((&["a,b", "2"], 9)));
        check("(a", &[Str], 0, Err("expected ')'"));
    }
}
