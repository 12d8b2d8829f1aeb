//! Word splitting exactly like haproxy's `parse_line()` with the options
//! `readcfgfile()` enables: double and single quotes, backslash escapes,
//! `#` comments, environment expansion inside double quotes and `[*]` word
//! expansion.
//!
//! This is a hand-written byte loop rather than a nom grammar: the rules are
//! a small state machine over single bytes (quote state, escapes, one-byte
//! lookahead) with side effects such as emitting several words from one
//! variable, which a combinator grammar would only obscure. The loop never
//! allocates per byte: bytes are pushed onto the current word.

use crate::env::Env;

/// haproxy's `MAX_LINE_ARGS`.
pub const MAX_LINE_ARGS: usize = 64;

/// The pseudo-variables `${.FILE}`, `${.LINE}` and `${.SECTION}`.
#[derive(Clone, Copy, Debug)]
pub struct Pseudo<'a> {
    pub file: &'a str,
    pub line: u32,
    /// The current section name, `None` before the first section.
    pub section: Option<&'a [u8]>,
}

/// Which tokenizer error occurred (`PARSE_ERR_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokErrorKind {
    Quote,
    Brace,
    VarName,
    Hex,
    WrongExpand,
}

impl TokErrorKind {
    /// The message, as printed before ` at position N:`.
    pub fn message(self) -> &'static str {
        match self {
            TokErrorKind::Quote => "unmatched quote",
            TokErrorKind::Brace => "unmatched brace in environment variable name",
            TokErrorKind::VarName => "forbidden first char in environment variable name",
            TokErrorKind::Hex => "truncated or invalid hexadecimal sequence",
            TokErrorKind::WrongExpand => "truncated or invalid word expansion sequence",
        }
    }
}

/// A tokenizer error and where it points in the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokError {
    pub kind: TokErrorKind,
    /// Offset of the faulty byte in the input.
    pub at: usize,
    /// haproxy writes NUL bytes into its input while expanding variables, so
    /// the echoed line may end early: the echo shows `input[..echo_end]`.
    pub echo_end: usize,
}

/// Splits one line (leading blanks already skipped) into words.
///
/// Words are returned even when there are more than [`MAX_LINE_ARGS`]; the
/// caller reports that. An empty input gives one empty word, and blanks
/// before the end of line or a comment give one trailing empty word.
pub fn parse_line(input: &[u8], env: &dyn Env, pseudo: &Pseudo) -> Result<Vec<Vec<u8>>, TokError> {
    let mut t = Tokenizer {
        input,
        pos: 0,
        words: Vec::new(),
        cur: Vec::new(),
        echo_end: input.len(),
    };
    t.run(env, pseudo)?;
    t.words.push(t.cur);
    Ok(t.words)
}

struct Tokenizer<'i> {
    input: &'i [u8],
    pos: usize,
    words: Vec<Vec<u8>>,
    cur: Vec<u8>,
    echo_end: usize,
}

/// `isspace()` in the C locale.
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

impl Tokenizer<'_> {
    fn at(&self, i: usize) -> u8 {
        self.input.get(i).copied().unwrap_or(0)
    }

    fn err(&self, kind: TokErrorKind, at: usize) -> TokError {
        TokError {
            kind,
            at,
            echo_end: self.echo_end,
        }
    }

    fn split(&mut self) {
        let word = std::mem::take(&mut self.cur);
        self.words.push(word);
    }

    fn run(&mut self, env: &dyn Env, pseudo: &Pseudo) -> Result<(), TokError> {
        let (mut squote, mut dquote) = (false, false);
        let mut quote_at = 0;
        loop {
            let c = self.at(self.pos);
            match c {
                0 | b'\n' | b'\r' => break,
                b'#' if !squote && !dquote => break,
                b'"' if !squote => {
                    dquote = !dquote;
                    quote_at = self.pos;
                    self.pos += 1;
                }
                b'\'' if !dquote => {
                    squote = !squote;
                    quote_at = self.pos;
                    self.pos += 1;
                }
                b'\\' if !squote => self.escape(dquote)?,
                _ if is_space(c) && !squote && !dquote => {
                    while is_space(self.at(self.pos)) {
                        self.pos += 1;
                    }
                    self.split();
                }
                b'$' if dquote => self.variable(env, pseudo)?,
                _ => {
                    self.cur.push(c);
                    self.pos += 1;
                }
            }
        }
        if squote || dquote {
            return Err(self.err(TokErrorKind::Quote, quote_at));
        }
        Ok(())
    }

    /// A backslash outside single quotes: known escapes are replaced, any
    /// other `\c` is kept with its backslash.
    fn escape(&mut self, dquote: bool) -> Result<(), TokError> {
        let next = self.at(self.pos + 1);
        let (byte, len) = match next {
            b' ' | b'\\' | b'#' | b'\'' | b'"' => (next, 2),
            b'$' if dquote => (b'$', 2),
            b't' => (b'\t', 2),
            b'n' => (b'\n', 2),
            b'r' => (b'\r', 2),
            b'x' => match (hex(self.at(self.pos + 2)), hex(self.at(self.pos + 3))) {
                (Some(h), Some(l)) => ((h << 4) | l, 4),
                _ => return Err(self.err(TokErrorKind::Hex, self.pos)),
            },
            _ => (b'\\', 1),
        };
        self.cur.push(byte);
        self.pos += len;
        Ok(())
    }

    /// `$NAME`, `${NAME}`, `${NAME-default}` and `${NAME[*]}` inside double
    /// quotes.
    fn variable(&mut self, env: &dyn Env, pseudo: &Pseudo) -> Result<(), TokError> {
        self.pos += 1;
        let brace = (self.at(self.pos) == b'{').then_some(self.pos);
        if brace.is_some() {
            self.pos += 1;
        }
        let first = self.at(self.pos);
        if !first.is_ascii_alphabetic() && first != b'_' && first != b'.' {
            return Err(self.err(TokErrorKind::VarName, self.pos));
        }
        let name_start = self.pos;
        if first == b'.' {
            self.pos += 1;
        }
        while matches!(self.at(self.pos), b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_') {
            self.pos += 1;
        }
        let name = &self.input[name_start..self.pos];
        let mut value = match name.first() {
            Some(b'.') => match pseudo_var(name, pseudo) {
                Ok(v) => v,
                Err(()) => {
                    // haproxy leaves the name terminated in its buffer here.
                    self.echo_end = self.echo_end.min(self.pos);
                    return Err(self.err(TokErrorKind::VarName, name_start));
                }
            },
            _ => env.var(name),
        };
        let mut expand = false;
        if self.at(self.pos) == b'[' && brace.is_some() {
            let at = self.pos;
            if self.at(at + 1) != b'*' || self.at(at + 2) != b']' {
                return Err(self.err(TokErrorKind::WrongExpand, at));
            }
            expand = true;
            self.pos += 3;
        }
        if let Some(brace) = brace {
            if self.at(self.pos) == b'-' {
                let start = self.pos + 1;
                let Some(len) = self.input[start.min(self.input.len())..]
                    .iter()
                    .position(|&b| b == b'}' || b == 0)
                    .filter(|&l| self.at(start + l) == b'}')
                else {
                    return Err(self.err(TokErrorKind::Brace, brace));
                };
                if value.is_none() {
                    value = Some(self.input[start..start + len].to_vec());
                }
                // haproxy terminates the default value in place.
                self.echo_end = self.echo_end.min(start + len);
                self.pos = start + len;
            } else if self.at(self.pos) != b'}' {
                return Err(self.err(TokErrorKind::Brace, brace));
            }
            self.pos += 1;
        }
        if let Some(value) = value {
            self.emit_value(&value, expand);
        }
        Ok(())
    }

    /// Copies an expanded value; with `[*]` each run of blanks splits words.
    fn emit_value(&mut self, value: &[u8], expand: bool) {
        // A value is a C string: it ends at its first NUL byte.
        let value = value.split(|&b| b == 0).next().unwrap_or_default();
        if !expand {
            self.cur.extend_from_slice(value);
            return;
        }
        let mut i = 0;
        while i < value.len() {
            if is_space(value[i]) {
                self.split();
                while i < value.len() && is_space(value[i]) {
                    i += 1;
                }
            } else {
                self.cur.push(value[i]);
                i += 1;
            }
        }
    }
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// The value of a pseudo-variable, `Err` for an unknown one.
fn pseudo_var(name: &[u8], pseudo: &Pseudo) -> Result<Option<Vec<u8>>, ()> {
    match name {
        b".LINE" => Ok(Some(pseudo.line.to_string().into_bytes())),
        b".FILE" => Ok(Some(pseudo.file.as_bytes().to_vec())),
        b".SECTION" => Ok(pseudo.section.map(<[u8]>::to_vec)),
        _ => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::MapEnv;

    fn env() -> MapEnv {
        MapEnv::default()
            .with_var("HOME", "/root")
            .with_var("LIST", "a  b c")
            .with_var("EMPTY", "")
    }

    fn render(input: &str) -> String {
        let pseudo = Pseudo {
            file: "t.cfg",
            line: 7,
            section: Some(b"fe"),
        };
        match parse_line(input.as_bytes(), &env(), &pseudo) {
            Ok(words) => words
                .iter()
                .map(|w| String::from_utf8_lossy(w).into_owned())
                .collect::<Vec<_>>()
                .join("|"),
            Err(e) => format!("{:?}@{}/{}", e.kind, e.at, e.echo_end),
        }
    }

    fn check(input: &str, expected: &str) {
        assert_eq!(render(input), expected, "input: {input:?}");
    }

    #[test]
    fn blanks_and_comments() {
        check("a  b\tc", "a|b|c");
        check("a b ", "a|b|");
        check("a b #x", "a|b|");
        check("a#b c", "a");
        check("", "");
        check("# only", "");
        check("a\r\nb", "a");
    }

    #[test]
    fn quotes_concatenate() {
        check("\"a\"'b'c", "abc");
        check("x \"\" y", "x||y");
        check("'a \"b' \"c 'd\"", "a \"b|c 'd");
        check("\"a#b\" '$HOME'", "a#b|$HOME");
        check("foo \"abc", "Quote@4/8");
        check("'a' \"b", "Quote@4/6");
    }

    #[test]
    fn escapes() {
        check(r#""\#\n\t\1\q\ \\\"\'""#, "#\n\t\\1\\q \\\"'");
        check(r"a\ b \#c", "a b|#c");
        check(r"\$HOME", "\\$HOME");
        check(r#""\$HOME""#, "$HOME");
        check(r"'\x41'", "\\x41");
        check(r"\x41\x4a", "AJ");
        check(r"a\x4 b", "Hex@1/6");
        check(r"a\", "a\\");
    }

    #[test]
    fn variables() {
        check("a$HOME", "a$HOME");
        check("\"$HOME$HOME\"", "/root/root");
        check("\"${HOME}x\" \"$HOME-x\"", "/rootx|/root-x");
        check("\"${UNSET-a b}\" \"${EMPTY-d}e\"", "a b|e");
        check("\"${HOME-x}\" \"$HO.ME\"", "/root|.ME");
        check("\"x${LIST[*]}y\"", "xa|b|cy");
        check("\"${UNSET[*]-a  b}\"", "a|b");
        check("\"$HOME[*]\"", "/root[*]");
        check(
            "\"${.FILE}:${.LINE}:${.SECTION}\" \"$.LINE\"",
            "t.cfg:7:fe|7",
        );
    }

    #[test]
    fn variable_errors() {
        check("\"${FOO\"", "Brace@2/7");
        check("\"$1abc\"", "VarName@2/7");
        check("\"${}\"", "VarName@3/5");
        check("\"${FOO[x]}\"", "WrongExpand@6/11");
        check("\"${LIST[*]\"", "Brace@2/11");
        check("\"${UNSET-x\"", "Brace@2/11");
        check("\"${.FOO}\"x", "VarName@3/7");
        check("\"${X-d}\" \"\\xZZ\"", "Hex@10/6");
    }
}
