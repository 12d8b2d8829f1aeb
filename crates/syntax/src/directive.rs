//! Dot directives of `readcfgfile()`: the `.if/.elif/.else/.endif` block
//! state machine and the message directives `.diag/.notice/.warning/.alert`.

use crate::cond;
use crate::diag::{Diagnostic, Diagnostics, ErrCode, Span};
use crate::echo::echo_lines;
use crate::env::Env;

/// haproxy's `MAXNESTEDCONDS`.
const MAX_NESTED_CONDS: usize = 100;

/// The state of one `.if` level (`enum nested_cond_state`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block {
    IfTake,
    IfDrop,
    IfSkip,
    ElifTake,
    ElifDrop,
    ElifSkip,
    ElseTake,
    ElseDrop,
}

impl Block {
    /// Lines inside this block are dropped.
    fn masked(self) -> bool {
        !matches!(self, Block::IfTake | Block::ElifTake | Block::ElseTake)
    }
    /// A branch of this `.if` was already taken (or the whole `.if` is
    /// skipped), so later branches are skipped without being evaluated.
    fn decided(self) -> bool {
        matches!(
            self,
            Block::IfTake | Block::IfSkip | Block::ElifTake | Block::ElifSkip
        )
    }
    fn is_else(self) -> bool {
        matches!(self, Block::ElseTake | Block::ElseDrop)
    }
}

/// What the reader does after a directive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    /// Not a directive of this kind: keep processing the line.
    Pass,
    /// The line was consumed: read the next one.
    Next,
    /// Stop reading the file, then run the end-of-file checks (a `break`
    /// out of haproxy's read loop).
    Break,
    /// Stop reading the file at once, without end-of-file checks (a
    /// `goto err`).
    Stop,
}

/// Where the current line is, for messages.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Here<'a> {
    pub span: Span,
    pub file: &'a str,
}

impl Here<'_> {
    /// `parsing [f:l]: <msg>`.
    pub fn text(&self, msg: &str) -> String {
        format!("parsing [{}:{}]: {msg}", self.file, self.span.line)
    }
}

/// A word as the C string haproxy sees: up to its first NUL byte.
pub(crate) fn cstr(word: &[u8]) -> &[u8] {
    word.split(|&b| b == 0).next().unwrap_or_default()
}

fn lossy(word: &[u8]) -> String {
    String::from_utf8_lossy(cstr(word)).into_owned()
}

fn word(words: &[Vec<u8>], i: usize) -> &[u8] {
    words.get(i).map(|w| cstr(w)).unwrap_or_default()
}

/// The `.if` nesting of one file.
#[derive(Clone, Debug, Default)]
pub(crate) struct Conds {
    stack: Vec<Block>,
}

impl Conds {
    /// Lines are currently dropped by a false branch.
    pub fn masked(&self) -> bool {
        self.stack.last().is_some_and(|b| b.masked())
    }

    /// An `.if` is still open.
    pub fn open(&self) -> bool {
        !self.stack.is_empty()
    }

    /// Handles `.if`, `.elif`, `.else` and `.endif`.
    pub fn directive(
        &mut self,
        words: &[Vec<u8>],
        here: &Here,
        env: &dyn Env,
        diags: &mut Diagnostics,
    ) -> Flow {
        let abort = |diags: &mut Diagnostics, msg: &str| {
            diags.push(Diagnostic::abort(Some(here.span), here.text(msg)));
        };
        let name = word(words, 0);
        match name {
            b".if" | b".elif" => self.condition(words, here, env, diags),
            b".else" | b".endif" if !word(words, 1).is_empty() => {
                let msg = format!(
                    "Unexpected argument '{}' for '{}'.",
                    lossy(word(words, 1)),
                    lossy(name)
                );
                abort(diags, &msg);
                Flow::Break
            }
            b".else" => match self.stack.last_mut() {
                None => {
                    abort(diags, "lone '.else' with no matching '.if'.");
                    Flow::Stop
                }
                Some(b) if b.is_else() => {
                    abort(diags, "'.else' after '.else' is not permitted.");
                    Flow::Stop
                }
                Some(b) => {
                    *b = if b.decided() {
                        Block::ElseDrop
                    } else {
                        Block::ElseTake
                    };
                    Flow::Next
                }
            },
            b".endif" => match self.stack.pop() {
                None => {
                    abort(diags, "lone '.endif' with no matching '.if'.");
                    Flow::Break
                }
                Some(_) => Flow::Next,
            },
            _ => Flow::Pass,
        }
    }

    fn condition(
        &mut self,
        words: &[Vec<u8>],
        here: &Here,
        env: &dyn Env,
        diags: &mut Diagnostics,
    ) -> Flow {
        let is_if = word(words, 0) == b".if";
        if is_if {
            if self.stack.len() + 1 >= MAX_NESTED_CONDS {
                let msg = format!("too many nested '.if', max is {MAX_NESTED_CONDS}.");
                diags.push(Diagnostic::abort(Some(here.span), here.text(&msg)));
                return Flow::Stop;
            }
            if self.masked() {
                self.stack.push(Block::IfSkip);
                return Flow::Next;
            }
        } else {
            let msg = match self.stack.last_mut() {
                None => "lone '.elif' with no matching '.if'.",
                Some(b) if b.is_else() => "'.elif' after '.else' is not permitted.",
                Some(b) if b.decided() => {
                    *b = Block::ElifSkip;
                    return Flow::Next;
                }
                Some(_) => "",
            };
            if !msg.is_empty() {
                diags.push(Diagnostic::abort(Some(here.span), here.text(msg)));
                return Flow::Stop;
            }
        }
        // haproxy re-joins every word after the directive with single
        // spaces (its NUL separators become spaces).
        let expr: Vec<u8> = words
            .get(1..)
            .unwrap_or_default()
            .join(&b' ')
            .into_iter()
            .map(|b| if b == 0 { b' ' } else { b })
            .collect();
        let taken = match cond::evaluate(&expr, env) {
            Ok(v) => v,
            Err(e) => {
                let directive = if is_if { ".if" } else { ".elif" };
                let msg = format!(
                    "{} in '{directive}' at position {}:{}",
                    e.message,
                    e.at + 1,
                    echo_lines(&format!("{directive} "), &expr, e.at, 76)
                );
                diags.push(Diagnostic::abort(Some(here.span), here.text(&msg)));
                return Flow::Stop;
            }
        };
        let block = match (is_if, taken) {
            (true, true) => Block::IfTake,
            (true, false) => Block::IfDrop,
            (false, true) => Block::ElifTake,
            (false, false) => Block::ElifDrop,
        };
        match self.stack.last_mut() {
            Some(b) if !is_if => *b = block,
            _ => self.stack.push(block),
        }
        Flow::Next
    }
}

/// Handles `.alert`, `.warning`, `.notice`, `.diag` and unknown `.xxx`
/// directives. Returns `Pass` for any other line. Unknown directives are
/// fatal and counted in haproxy's fatal-error counter, hence `fatal`.
pub(crate) fn message(
    words: &[Vec<u8>],
    here: &Here,
    diags: &mut Diagnostics,
    fatal: &mut u32,
) -> Flow {
    let name = word(words, 0);
    if name.first() != Some(&b'.') {
        return Flow::Pass;
    }
    let level: fn(Option<Span>, String) -> Diagnostic = match name {
        b".alert" => Diagnostic::abort,
        b".warning" => Diagnostic::warning,
        b".notice" => Diagnostic::notice,
        b".diag" => Diagnostic::diag,
        _ => {
            let msg = format!("unknown directive '{}'.", lossy(name));
            diags.push(Diagnostic::fatal(Some(here.span), here.text(&msg)));
            *fatal += 1;
            return Flow::Break;
        }
    };
    if !word(words, 2).is_empty() {
        let msg = format!(
            "Unexpected argument '{}' for '{}'. Use quotes if the message should contain spaces.",
            lossy(word(words, 2)),
            lossy(name)
        );
        diags.push(Diagnostic::fatal(Some(here.span), here.text(&msg)));
        return Flow::Next;
    }
    let msg = format!("'{}'.", lossy(word(words, 1)));
    let d = level(Some(here.span), here.text(&msg));
    let stop = d.code.contains(ErrCode::ABORT);
    diags.push(d);
    if stop {
        Flow::Stop
    } else {
        Flow::Next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::FileId;
    use crate::env::MapEnv;

    /// Runs directive lines through the state machine; each line renders as
    /// `keep`, `drop` or the flow and messages it produced.
    fn check(lines: &[&str], expected: &[&str]) {
        let mut conds = Conds::default();
        let mut got = Vec::new();
        for (n, l) in lines.iter().enumerate() {
            let words: Vec<Vec<u8>> = l.split(' ').map(|w| w.as_bytes().to_vec()).collect();
            let here = Here {
                span: Span {
                    file: FileId(0),
                    line: n as u32 + 1,
                },
                file: "t.cfg",
            };
            let mut diags = Diagnostics::default();
            let flow = conds.directive(&words, &here, &MapEnv::default(), &mut diags);
            let mut out = match flow {
                Flow::Pass if conds.masked() => "drop".to_string(),
                Flow::Pass => "keep".to_string(),
                f => format!("{f:?}"),
            };
            for d in &diags.list {
                out.push_str(&format!(" {}", d.text));
            }
            got.push(out);
        }
        assert_eq!(got, expected);
    }

    #[test]
    fn branches() {
        check(
            &[
                ".if 0", "a", ".elif 1", "b", ".elif 1", "c", ".else", "d", ".endif", "e",
            ],
            &[
                "Next", "drop", "Next", "keep", "Next", "drop", "Next", "drop", "Next", "keep",
            ],
        );
        check(
            &[".if 0", ".if foo(", "a", ".endif", ".else", "b", ".endif"],
            &["Next", "Next", "drop", "Next", "Next", "keep", "Next"],
        );
    }

    #[test]
    fn errors() {
        check(
            &[".endif"],
            &["Break parsing [t.cfg:1]: lone '.endif' with no matching '.if'."],
        );
        check(
            &[".if 1", ".else x"],
            &[
                "Next",
                "Break parsing [t.cfg:2]: Unexpected argument 'x' for '.else'.",
            ],
        );
        check(
            &[".if 0", ".else", ".elif 1"],
            &[
                "Next",
                "Next",
                "Stop parsing [t.cfg:3]: '.elif' after '.else' is not permitted.",
            ],
        );
        check(
            &[".if 1 2"],
            &["Stop parsing [t.cfg:1]: unexpected character '2' at the end of conditional expression '1 2' in '.if' at position 3:\n  .if 1 2\n        ^"],
        );
    }
}
