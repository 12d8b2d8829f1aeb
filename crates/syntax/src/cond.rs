//! `.if` / `.elif` conditions (haproxy's src/cfgcond.c): the expression
//! grammar, its exact error messages and positions, and evaluation.
//!
//! ```text
//! expr := and ( "||" expr )?
//! and  := term ( "&&" and )?
//! term := "!"* ( integer | "(" expr ")" | predicate [ "(" args ")" ] )
//! ```
//! The lexical pieces are nom parsers; the recursive descent is written out
//! by hand because haproxy's messages depend on which level gives up and
//! on the position each level had reached, which the code below mirrors.

use crate::env::Env;
use crate::tokenizer::is_space;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::IResult;

/// haproxy's `MAX_CFG_RECURSION`.
const MAX_DEPTH: i32 = 1024;

/// A parse error: the message and the offset of the byte it points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CondError {
    pub message: String,
    pub at: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pred {
    Defined,
    Feature,
    Streq,
    Strneq,
    VersionAtleast,
    VersionBefore,
    OsslVersionAtleast,
    OsslVersionBefore,
    SsllibNameStartswith,
}

const PREDICATES: [(&str, Pred, usize); 9] = [
    ("defined", Pred::Defined, 1),
    ("feature", Pred::Feature, 1),
    ("streq", Pred::Streq, 2),
    ("strneq", Pred::Strneq, 2),
    ("version_atleast", Pred::VersionAtleast, 1),
    ("version_before", Pred::VersionBefore, 1),
    ("openssl_version_atleast", Pred::OsslVersionAtleast, 1),
    ("openssl_version_before", Pred::OsslVersionBefore, 1),
    ("ssllib_name_startswith", Pred::SsllibNameStartswith, 1),
];

#[derive(Debug)]
enum Node {
    Const(bool),
    Paren(Box<Expr>),
    Pred(Pred, Vec<Vec<u8>>),
}

#[derive(Debug)]
struct Term {
    neg: bool,
    node: Node,
}

#[derive(Debug)]
struct And {
    left: Term,
    right: Option<Box<And>>,
}

#[derive(Debug)]
struct Expr {
    left: And,
    right: Option<Box<Expr>>,
}

/// Parses and evaluates a condition (`cfg_eval_condition()`). An empty
/// condition is false.
pub fn evaluate(text: &[u8], env: &dyn Env) -> Result<bool, CondError> {
    if text.first().is_none_or(|&b| b == 0) {
        return Ok(false);
    }
    let p = Parser { text };
    match p.expr(0, MAX_DEPTH)? {
        (Some(expr), end) => {
            let end = p.skip_blanks(end);
            match p.at(end) {
                0 => Ok(expr.eval(env)),
                c => Err(CondError {
                    message: format!(
                        "unexpected character '{}' at the end of conditional expression '{}'",
                        String::from_utf8_lossy(&[c]),
                        p.lossy(0)
                    ),
                    at: end,
                }),
            }
        }
        (None, end) => Err(p.unparsable(0, end)),
    }
}

/// The `-cc COND` entry point: the error string is what haproxy prints
/// after `Failed to evaluate condition: `.
pub fn eval_condition(expr: &str, env: &dyn Env) -> Result<bool, String> {
    evaluate(expr.as_bytes(), env).map_err(|e| e.message)
}

struct Parser<'t> {
    text: &'t [u8],
}

type Parsed<T> = Result<(Option<T>, usize), CondError>;

fn blanks(i: &[u8]) -> IResult<&[u8], &[u8]> {
    take_while(|b| b == b' ' || b == b'\t')(i)
}

fn ident(i: &[u8]) -> IResult<&[u8], &[u8]> {
    take_while1(|b: u8| b.is_ascii_alphanumeric() || b == b'_')(i)
}

fn operator<'a>(op: &'static str) -> impl Fn(&'a [u8]) -> IResult<&'a [u8], &'a [u8]> {
    move |i| tag(op)(i)
}

impl<'t> Parser<'t> {
    fn at(&self, i: usize) -> u8 {
        self.text.get(i).copied().unwrap_or(0)
    }
    fn rest(&self, i: usize) -> &'t [u8] {
        let rest = &self.text[i.min(self.text.len())..];
        // The expression is a C string: it ends at its first NUL byte.
        rest.split(|&b| b == 0).next().unwrap_or_default()
    }
    fn lossy(&self, i: usize) -> String {
        String::from_utf8_lossy(self.rest(i)).into_owned()
    }
    fn offset(&self, rest: &[u8]) -> usize {
        self.text.len() - rest.len()
    }
    fn skip_blanks(&self, i: usize) -> usize {
        match blanks(self.rest(i)) {
            Ok((_, run)) => i + run.len(),
            Err(_) => i,
        }
    }
    fn has_op(&self, i: usize, op: &'static str) -> bool {
        operator(op)(self.rest(i)).is_ok()
    }
    /// `unparsable conditional expression '<text from shown>'` at `at`.
    fn unparsable(&self, shown: usize, at: usize) -> CondError {
        CondError {
            message: format!("unparsable conditional expression '{}'", self.lossy(shown)),
            at,
        }
    }

    fn expr(&self, text: usize, depth: i32) -> Parsed<Expr> {
        if self.at(text) == 0 {
            return Ok((None, text));
        }
        let (left, i) = self.and(text, depth - 1)?;
        let Some(left) = left else {
            return Err(self.unparsable(i, i));
        };
        let i = self.skip_blanks(i);
        if !self.has_op(i, "||") {
            return Ok((Some(Expr { left, right: None }), i));
        }
        let j = self.skip_blanks(i + 2);
        match self.expr(j, depth - 1)? {
            (Some(right), end) => {
                let right = Some(Box::new(right));
                Ok((Some(Expr { left, right }), end))
            }
            (None, _) => Ok((None, i)),
        }
    }

    fn and(&self, text: usize, depth: i32) -> Parsed<And> {
        if self.at(text) == 0 {
            return Ok((None, text));
        }
        if depth <= 0 {
            return Err(CondError {
                message: format!(
                    "unparsable conditional sub-expression '{}'",
                    self.lossy(text)
                ),
                at: text,
            });
        }
        let (left, i) = self.term(text, depth - 1)?;
        let Some(left) = left else {
            return Err(self.unparsable(i, i));
        };
        let i = self.skip_blanks(i);
        if !self.has_op(i, "&&") {
            return Ok((Some(And { left, right: None }), i));
        }
        let j = self.skip_blanks(i + 2);
        match self.and(j, depth - 1)? {
            (Some(right), end) => {
                let right = Some(Box::new(right));
                Ok((Some(And { left, right }), end))
            }
            (None, _) => Ok((None, i)),
        }
    }

    fn term(&self, text: usize, depth: i32) -> Parsed<Term> {
        let mut i = self.skip_blanks(text);
        if self.at(i) == 0 {
            return Ok((None, text));
        }
        if depth <= 0 {
            return Err(self.unparsable(text, text));
        }
        let mut neg = false;
        while self.at(i) == b'!' {
            neg = !neg;
            i = self.skip_blanks(i + 1);
        }
        if let Some((value, end)) = strtol(self.text, i) {
            return Ok((
                Some(Term {
                    neg,
                    node: Node::Const(value),
                }),
                end,
            ));
        }
        if self.at(i) == b'(' {
            let (sub, j) = self.expr(self.skip_blanks(i + 1), depth - 1)?;
            let Some(sub) = sub else {
                return Err(self.unparsable(text, text));
            };
            let j = self.skip_blanks(j);
            if self.at(j) != b')' {
                return Err(CondError {
                    message: format!(
                        "expected ')' after conditional expression '{}'",
                        self.lossy(text)
                    ),
                    at: text,
                });
            }
            let node = Node::Paren(Box::new(sub));
            return Ok((Some(Term { neg, node }), self.skip_blanks(j + 1)));
        }
        let Ok((after, name)) = ident(self.rest(i)) else {
            return Err(self.unparsable(text, text));
        };
        let Some(&(word, pred, nargs)) = PREDICATES.iter().find(|p| p.0.as_bytes() == name) else {
            return Err(self.unparsable(text, text));
        };
        match self.arg_list(self.offset(after), nargs) {
            Ok((args, end)) => Ok((
                Some(Term {
                    neg,
                    node: Node::Pred(pred, args),
                }),
                end,
            )),
            Err(mut e) => {
                e.message = format!(
                    "{} in argument 1 of predicate '{word}' used in conditional expression",
                    e.message
                );
                Err(e)
            }
        }
    }

    /// `make_arg_list()` for string arguments: `(a,b)` with quotes removed.
    /// Without parentheses the list is one empty argument.
    fn arg_list(&self, i: usize, nargs: usize) -> Result<(Vec<Vec<u8>>, usize), CondError> {
        if self.at(i) != b'(' {
            return self.check_args(vec![Vec::new()], nargs, i).map(|a| (a, i));
        }
        let mut args = Vec::new();
        let mut j = i + 1;
        loop {
            let (arg, end) = self.arg(j);
            args.push(arg);
            j = end;
            if self.at(j) != b',' || args.len() >= nargs {
                break;
            }
            j += 1;
        }
        let args = self.check_args(args, nargs, j)?;
        match self.at(j) {
            b')' => Ok((args, j + 1)),
            0 => Err(CondError {
                message: "expected ')'".to_string(),
                at: j,
            }),
            _ => Err(CondError {
                message: format!("expected ')' before '{}'", self.lossy(j)),
                at: j,
            }),
        }
    }

    fn check_args(
        &self,
        args: Vec<Vec<u8>>,
        nargs: usize,
        at: usize,
    ) -> Result<Vec<Vec<u8>>, CondError> {
        if args.len() < nargs {
            return Err(CondError {
                message: format!(
                    "missing arguments (got {}/{nargs}), type 'string' expected",
                    args.len()
                ),
                at,
            });
        }
        Ok(args)
    }

    /// One argument up to an unquoted `,` or `)` or the end. An unclosed
    /// quote runs to the end, where haproxy reports the missing `)`.
    fn arg(&self, mut j: usize) -> (Vec<u8>, usize) {
        let (mut squote, mut dquote) = (false, false);
        let mut arg = Vec::new();
        loop {
            match self.at(j) {
                0 => break,
                b'"' if !squote => dquote = !dquote,
                b'\'' if !dquote => squote = !squote,
                b',' | b')' if !squote && !dquote => break,
                c => arg.push(c),
            }
            j += 1;
        }
        (arg, j)
    }
}

/// C `strtol(s, &end, 0)`: whether the value is non-zero and where the
/// number ends, or `None` when no digits were converted.
fn strtol(text: &[u8], start: usize) -> Option<(bool, usize)> {
    let at = |i: usize| text.get(i).copied().unwrap_or(0);
    let mut i = start;
    while is_space(at(i)) {
        i += 1;
    }
    if matches!(at(i), b'+' | b'-') {
        i += 1;
    }
    let (digits_start, radix) =
        if at(i) == b'0' && at(i + 1) | 0x20 == b'x' && at(i + 2).is_ascii_hexdigit() {
            (i + 2, 16)
        } else if at(i) == b'0' {
            (i, 8)
        } else {
            (i, 10)
        };
    let mut end = digits_start;
    let mut nonzero = false;
    while (at(end) as char).is_digit(radix) {
        nonzero |= at(end) != b'0';
        end += 1;
    }
    (end > digits_start).then_some((nonzero, end))
}

impl Expr {
    fn eval(&self, env: &dyn Env) -> bool {
        self.left.eval(env) || self.right.as_ref().is_some_and(|r| r.eval(env))
    }
}

impl And {
    fn eval(&self, env: &dyn Env) -> bool {
        self.left.eval(env) && self.right.as_ref().is_none_or(|r| r.eval(env))
    }
}

impl Term {
    fn eval(&self, env: &dyn Env) -> bool {
        let value = match &self.node {
            Node::Const(v) => *v,
            Node::Paren(e) => e.eval(env),
            Node::Pred(p, args) => eval_pred(*p, args, env),
        };
        value != self.neg
    }
}

fn eval_pred(pred: Pred, args: &[Vec<u8>], env: &dyn Env) -> bool {
    let arg = |i: usize| args.get(i).map(Vec::as_slice).unwrap_or_default();
    let text = |i: usize| String::from_utf8_lossy(arg(i)).into_owned();
    match pred {
        Pred::Defined => !arg(0).is_empty() && env.var(arg(0)).is_some(),
        // haproxy searches the feature list with strstr(), which matches an
        // empty name.
        Pred::Feature => arg(0).is_empty() || env.feature(&text(0)),
        Pred::Streq => arg(0) == arg(1),
        Pred::Strneq => arg(0) != arg(1),
        Pred::VersionAtleast => compare_version(env.version(), &text(0)) <= 0,
        Pred::VersionBefore => compare_version(env.version(), &text(0)) > 0,
        Pred::OsslVersionAtleast => compare_version(env.ssllib_version(), &text(0)) <= 0,
        Pred::OsslVersionBefore => compare_version(env.ssllib_version(), &text(0)) > 0,
        Pred::SsllibNameStartswith => env.ssllib_name().as_bytes().starts_with(arg(0)),
    }
}

/// `compare_current_version()`: -1 when `version` is older than `current`
/// or either does not parse, 0 when equal, 1 when newer.
fn compare_version(current: &str, version: &str) -> i32 {
    match (split_version(current), split_version(version)) {
        (Some(loc), Some(other)) => match other.cmp(&loc) {
            std::cmp::Ordering::Less => -1,
            std::cmp::Ordering::Equal => 0,
            std::cmp::Ordering::Greater => 1,
        },
        _ => -1,
    }
}

/// `split_version()`: `a[.b[.c[.d]]][-(dev|rc)N][-commit]` into seven
/// numbers; a release sorts after its `-dev` and `-rc` versions.
fn split_version(text: &str) -> Option<[u64; 7]> {
    let mut v = [0, 0, 0, 0, 3, 0, 0];
    if text.is_empty() {
        return None;
    }
    let (numbers, tail) = match text.split_once('-') {
        Some((n, t)) => (n, Some(t)),
        None => (text, None),
    };
    for (i, part) in numbers.split('.').enumerate() {
        if i >= 4 {
            return None;
        }
        v[i] = c_number(part)?;
    }
    let Some(tail) = tail else { return Some(v) };
    let (tag, commit) = match tail.split_once('-') {
        Some((t, c)) => (t, Some(c)),
        None => (tail, None),
    };
    if tag.starts_with(|c: char| c.is_ascii_digit()) && commit.is_none() {
        v[6] = c_number(tag)?;
        return Some(v);
    }
    let (kind, num) = if let Some(n) = tag.strip_prefix("dev") {
        (1, n)
    } else if let Some(n) = tag.strip_prefix("rc") {
        (2, n)
    } else {
        return None;
    };
    v[4] = kind;
    v[5] = if num.is_empty() { 0 } else { c_number(num)? };
    if let Some(c) = commit {
        v[6] = c_number(c)?;
    }
    Some(v)
}

/// A `strtol(.., 10)` field that must be the whole part.
fn c_number(part: &str) -> Option<u64> {
    let t = part.trim_start_matches(|c: char| is_space(c as u8));
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(t.parse().unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::MapEnv;

    fn check(expr: &str, expected: &str) {
        let env = MapEnv {
            vars: vec![(b"HOME".to_vec(), b"/root".to_vec())],
            features: vec!["LUA".to_string()],
        };
        let got = match evaluate(expr.as_bytes(), &env) {
            Ok(v) => v.to_string(),
            Err(e) => format!("{} @{}", e.message, e.at + 1),
        };
        assert_eq!(got, expected, "expr: {expr:?}");
    }

    #[test]
    fn values() {
        check("", "false");
        check("1", "true");
        check("-0", "false");
        check("0x10 && 010", "true");
        check(" 1 && !0 || 0", "true");
        check("0 || 1 && 0", "false");
        check("!0 && !(1 && 0)", "true");
        check("!!  0", "false");
    }

    #[test]
    fn predicates() {
        check("defined(HOME) && !defined(NOPE) && !defined", "true");
        check("feature(LUA) && !feature(+LUA) && feature()", "true");
        check("streq(\"a\",a) && !streq(a, a) && strneq(a,b)", "true");
        check("version_atleast(2.6) && version_atleast(2.6.12)", "true");
        check(
            "version_atleast(2.6.13) || version_atleast(2.6.12-1)",
            "false",
        );
        check("version_before(2.7) && version_atleast(abc)", "true");
        check("version_before(abc) || version_before(2.6.12-rc1)", "false");
        check(
            "ssllib_name_startswith(Open) && ssllib_name_startswith",
            "true",
        );
    }

    #[test]
    fn errors() {
        check(
            "foo(bar)",
            "unparsable conditional expression 'foo(bar)' @1",
        );
        check(
            "1 2",
            "unexpected character '2' at the end of conditional expression '1 2' @3",
        );
        check("1 &&", "unparsable conditional expression '&&' @3");
        check("1 || ", "unparsable conditional expression '1 || ' @3");
        check("1 ||| 0", "unparsable conditional expression '| 0' @5");
        check("!", "unparsable conditional expression '!' @1");
        check(
            "(1 2)",
            "expected ')' after conditional expression '(1 2)' @1",
        );
        check("streq(a)", "missing arguments (got 1/2), type 'string' expected in argument 1 of predicate 'streq' used in conditional expression @8");
        check("streq", "missing arguments (got 1/2), type 'string' expected in argument 1 of predicate 'streq' used in conditional expression @6");
        check("streq(a,b,c)", "expected ')' before ',c)' in argument 1 of predicate 'streq' used in conditional expression @10");
        check(
            "defined(",
            "expected ')' in argument 1 of predicate 'defined' used in conditional expression @9",
        );
        check(
            "definedx(HOME)",
            "unparsable conditional expression 'definedx(HOME)' @1",
        );
    }

    #[test]
    fn depth_limits() {
        let parens = format!("{}1{}", "(".repeat(340), ")".repeat(340));
        check(&parens, "true");
        let parens = format!("{}1{}", "(".repeat(341), ")".repeat(341));
        let got = evaluate(parens.as_bytes(), &MapEnv::default()).unwrap_err();
        assert!(got
            .message
            .starts_with("unparsable conditional sub-expression '1)))"));
        assert_eq!(got.at, 341);
        let chain = format!("{}1", "1&&".repeat(1022));
        let got = evaluate(chain.as_bytes(), &MapEnv::default()).unwrap_err();
        assert_eq!(
            (got.message.as_str(), got.at),
            ("unparsable conditional expression '1'", 3066)
        );
        check(&format!("{}1", "0||".repeat(1021)), "true");
    }
}
