//! The line reader: haproxy's `readcfgfile()` loop. Yields one [`Event`] per
//! configuration line, after tokenizing, `.if` processing and message
//! directives, so the caller can change the environment between lines.

use crate::ast::{ConfigFile, Event, Line, Modifier, Section, SectionKind};
use crate::diag::{Diagnostic, Diagnostics, ErrCode, FileId, Span};
use crate::directive::{self, cstr, Conds, Flow, Here};
use crate::echo::echo_lines;
use crate::env::Env;
use crate::tokenizer::{self, is_space, Pseudo, MAX_LINE_ARGS};

/// After this many fatal errors in one file haproxy stops reading it.
const MAX_FATAL: u32 = 50;

/// The keywords a `no` / `default` modifier may precede.
const MODIFIABLE: [&[u8]; 7] = [
    b"option",
    b"log",
    b"busy-polling",
    b"set-dumpable",
    b"strict-limits",
    b"insecure-fork-wanted",
    b"numa-cpu-mapping",
];

/// Reads one file.
#[derive(Debug)]
pub struct Reader<'t> {
    file: FileId,
    file_name: String,
    text: &'t [u8],
    pos: usize,
    line_no: u32,
    /// haproxy's `missing_lf`: the last line read had no LF (end of file or
    /// a NUL byte); holds its length.
    missing_lf: Option<usize>,
    /// haproxy's `fatal` counter; the caller adds the fatal lines it finds
    /// through [`Reader::note_fatal`].
    fatal: u32,
    conds: Conds,
    /// `${.SECTION}`: the current section's name, or its keyword.
    section: Option<Vec<u8>>,
    /// An `ERR_ABORT` without `ERR_FATAL` (bad scope line) stops the file
    /// after the next line handed to a section parser, as in haproxy.
    abort_pending: bool,
    done: bool,
    aborted: bool,
}

/// What handling one physical line produced.
enum Step {
    Yield(Event),
    Next,
    Break,
    Stop,
}

impl<'t> Reader<'t> {
    pub fn new(file: FileId, file_name: &str, text: &'t [u8]) -> Reader<'t> {
        Reader {
            file,
            file_name: file_name.to_string(),
            text,
            pos: 0,
            line_no: 0,
            missing_lf: None,
            fatal: 0,
            conds: Conds::default(),
            section: None,
            abort_pending: false,
            done: false,
            aborted: false,
        }
    }

    /// Whether an `ERR_ABORT` diagnostic stopped the file early.
    pub fn aborted(&self) -> bool {
        self.aborted
    }

    /// Tells the reader that lowering the line it just returned failed with
    /// a fatal error: haproxy counts those towards its limit of 50 fatal
    /// errors per file.
    pub fn note_fatal(&mut self) {
        self.fatal += 1;
    }

    /// The next line, or `None` at the end of the file (or after an abort).
    /// Diagnostics go to `diags`.
    pub fn next(&mut self, env: &dyn Env, diags: &mut Diagnostics) -> Option<Event> {
        while !self.done {
            let step = self.step(env, diags);
            if diags.code.contains(ErrCode::ABORT) {
                self.aborted = true;
            }
            match step {
                Step::Yield(ev) => {
                    if self.abort_pending {
                        self.done = true;
                        self.aborted = true;
                    }
                    return Some(ev);
                }
                Step::Next => {}
                Step::Break => self.finish(diags),
                Step::Stop => self.done = true,
            }
        }
        None
    }

    fn span(&self) -> Span {
        Span {
            file: self.file,
            line: self.line_no,
        }
    }

    fn here(&self) -> Here<'_> {
        Here {
            span: self.span(),
            file: &self.file_name,
        }
    }

    fn fatal(&mut self, diags: &mut Diagnostics, msg: &str) {
        let text = self.here().text(msg);
        diags.push(Diagnostic::fatal(Some(self.span()), text));
    }

    /// The end-of-file checks, also run after a `break` out of the loop.
    fn finish(&mut self, diags: &mut Diagnostics) {
        if let Some(len) = self.missing_lf.take() {
            let msg = format!(
                "Missing LF on last line, file might have been truncated at position {}.",
                len + 1
            );
            self.fatal(diags, &msg);
        }
        if self.conds.open() {
            let text = self.here().text("non-terminated '.if' block.");
            diags.push(Diagnostic::abort(Some(self.span()), text));
        }
        self.done = true;
    }

    /// `fgets()`: the next physical line including its LF, if any.
    fn read_line(&mut self) -> Option<&'t [u8]> {
        let rest = self.text.get(self.pos..).filter(|r| !r.is_empty())?;
        let len = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| i + 1);
        self.pos += len;
        rest.get(..len)
    }

    /// Reads and handles one physical line.
    fn step(&mut self, env: &dyn Env, diags: &mut Diagnostics) -> Step {
        let Some(physical) = self.read_line() else {
            return Step::Break;
        };
        if let Some(len) = self.missing_lf.take() {
            let msg = format!("Stray NUL character at position {}.", len + 1);
            self.fatal(diags, &msg);
            return Step::Break;
        }
        self.line_no += 1;
        if self.fatal >= MAX_FATAL {
            let msg = format!("too many fatal errors ({}), stopping now.", self.fatal);
            let text = self.here().text(&msg);
            diags.push(Diagnostic::alert(Some(self.span()), text));
            return Step::Break;
        }
        // `strlen()`: a NUL byte ends the line early and counts as a
        // missing LF.
        let mut raw = cstr(physical);
        match raw.strip_suffix(b"\n") {
            Some(line) => raw = line,
            None => self.missing_lf = Some(raw.len()),
        }
        let lead = raw.iter().take_while(|&&b| is_space(b)).count();
        let line = &raw[lead..];
        if line.first() == Some(&b'[') {
            self.scope(line, diags);
            return Step::Next;
        }
        let Some(words) = self.tokenize(raw, lead, env, diags) else {
            return Step::Next;
        };
        self.handle(words, raw, env, diags)
    }

    /// Splits the line into words, reporting tokenizer errors.
    fn tokenize(
        &mut self,
        raw: &[u8],
        lead: usize,
        env: &dyn Env,
        diags: &mut Diagnostics,
    ) -> Option<Vec<Vec<u8>>> {
        let line = &raw[lead..];
        let pseudo = Pseudo {
            file: &self.file_name,
            line: self.line_no,
            section: self.section.as_deref(),
        };
        match tokenizer::parse_line(line, env, &pseudo) {
            Ok(words) if words.len() > MAX_LINE_ARGS => {
                let offset: usize = words[..MAX_LINE_ARGS - 1].iter().map(|w| w.len() + 1).sum();
                let shown = String::from_utf8_lossy(cstr(&words[MAX_LINE_ARGS - 1])).into_owned();
                let msg = format!(
                    "too many words, truncating after word {MAX_LINE_ARGS}, position {}: <{shown}>.",
                    offset + 1
                );
                self.fatal(diags, &msg);
                self.fatal += 1;
                None
            }
            Ok(words) => Some(words),
            Err(e) => {
                let echo = &line[..e.echo_end.min(line.len())];
                let msg = format!(
                    "{} at position {}:{}",
                    e.kind.message(),
                    lead + e.at + 1,
                    echo_lines("", echo, e.at, 80)
                );
                self.fatal(diags, &msg);
                self.fatal += 1;
                None
            }
        }
    }

    /// Everything after tokenizing: directives, modifiers, sections.
    fn handle(
        &mut self,
        mut words: Vec<Vec<u8>>,
        raw: &[u8],
        env: &dyn Env,
        diags: &mut Diagnostics,
    ) -> Step {
        if words.first().is_none_or(|w| cstr(w).is_empty()) {
            return Step::Next;
        }
        let here = Here {
            span: self.span(),
            file: &self.file_name,
        };
        let flow = match words[0].first() {
            Some(b'.') => self.conds.directive(&words, &here, env, diags),
            _ => Flow::Pass,
        };
        let flow = match flow {
            Flow::Pass if self.conds.masked() => Flow::Next,
            Flow::Pass => directive::message(&words, &here, diags, &mut self.fatal),
            f => f,
        };
        match flow {
            Flow::Pass => {}
            Flow::Next => return Step::Next,
            Flow::Break => return Step::Break,
            Flow::Stop => return Step::Stop,
        }
        let modifier = self.strip_modifier(&mut words, diags);
        let line = Line {
            span: self.span(),
            words,
            modifier,
            raw: raw.to_vec(),
        };
        if let Some(kind) = SectionKind::from_keyword(cstr(&line.words[0])) {
            let name = line.words.get(1).map(|w| cstr(w)).filter(|w| !w.is_empty());
            self.section = Some(name.unwrap_or(cstr(&line.words[0])).to_vec());
            return Step::Yield(Event::Section(kind, line));
        }
        if self.section.is_none() {
            let msg = format!(
                "unknown keyword '{}' out of section.",
                String::from_utf8_lossy(cstr(&line.words[0]))
            );
            self.fatal(diags, &msg);
            self.fatal += 1;
            return Step::Next;
        }
        Step::Yield(Event::Line(line))
    }

    /// Strips a leading `no` / `default`. Like haproxy, the words up to the
    /// first empty one move left and the freed slot becomes that empty word.
    fn strip_modifier(&mut self, words: &mut Vec<Vec<u8>>, diags: &mut Diagnostics) -> Modifier {
        let modifier = match cstr(&words[0]) {
            b"no" => Modifier::No,
            b"default" => Modifier::Default,
            _ => return Modifier::None,
        };
        let first_empty = words
            .iter()
            .skip(1)
            .position(|w| cstr(w).is_empty())
            .map_or(words.len(), |i| i + 1);
        words.remove(0);
        words.insert(first_empty - 1, Vec::new());
        if !MODIFIABLE.contains(&cstr(&words[0])) {
            self.fatal(
                diags,
                "negation/default currently supported only for options, log, busy-polling, set-dumpable, strict-limits, insecure-fork-wanted and numa-cpu-mapping.",
            );
            self.fatal += 1;
        }
        modifier
    }

    /// A `[scope]` line (`cfg_parse_scope()`), meant for SPOE files. Its
    /// errors use the `parsing [f:l] : ` spelling.
    fn scope(&mut self, line: &[u8], diags: &mut Diagnostics) {
        let loc = format!("parsing [{}:{}] : ", self.file_name, self.line_no);
        let body = &line[1..];
        let end = body.iter().position(|&b| b == b']').filter(|&e| e > 0);
        let Some(end) = end else {
            let text = format!("{loc}empty scope name is forbidden.");
            diags.push(Diagnostic::fatal(Some(self.span()), text));
            return;
        };
        let bad = body[..end]
            .iter()
            .find(|&&b| !(b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':')));
        let after = body[end + 1..].iter().find(|&&b| !is_space(b));
        let text = match (bad, after) {
            (Some(&c), _) => format!(
                "{loc}character '{}' is not permitted in a scope name.",
                c as char
            ),
            (None, Some(&c)) if c != b'#' => {
                format!(
                    "{loc}character '{}' is not permitted after scope declaration.",
                    c as char
                )
            }
            _ => return,
        };
        // ERR_ALERT | ERR_ABORT without ERR_FATAL.
        let mut d = Diagnostic::alert(Some(self.span()), text);
        d.code = ErrCode::ALERT | ErrCode::ABORT;
        diags.push(d);
        self.abort_pending = true;
    }
}

/// Reads a whole file into sections (tests, fuzzing, tools).
pub fn parse_file(
    file: FileId,
    file_name: &str,
    text: &[u8],
    env: &dyn Env,
) -> (ConfigFile, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut reader = Reader::new(file, file_name, text);
    let mut sections: Vec<Section> = Vec::new();
    while let Some(ev) = reader.next(env, &mut diags) {
        match ev {
            Event::Section(kind, header) => sections.push(Section {
                kind,
                header,
                lines: Vec::new(),
            }),
            Event::Line(line) => {
                if let Some(s) = sections.last_mut() {
                    s.lines.push(line);
                }
            }
        }
    }
    let file = ConfigFile {
        name: file_name.to_string(),
        sections,
        aborted: reader.aborted(),
    };
    (file, diags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::MapEnv;

    /// Reads `input` and renders each event as `L<n> words|...` and each
    /// diagnostic as its text, in order.
    fn render(input: &[u8]) -> Vec<String> {
        let env = MapEnv::default().with_var("HOME", "/root");
        let mut reader = Reader::new(FileId(0), "t.cfg", input);
        let mut out = Vec::new();
        loop {
            let mut diags = Diagnostics::default();
            let ev = reader.next(&env, &mut diags);
            out.extend(diags.list.into_iter().map(|d| d.text));
            let line = match ev {
                Some(Event::Section(_, l) | Event::Line(l)) => l,
                None => break,
            };
            let words: Vec<String> = line
                .words
                .iter()
                .map(|w| String::from_utf8_lossy(w).into_owned())
                .collect();
            out.push(format!("L{} {}", line.span.line, words.join("|")));
        }
        out
    }

    fn check(input: &[u8], expected: &[&str]) {
        assert_eq!(
            render(input),
            expected,
            "input: {:?}",
            String::from_utf8_lossy(input)
        );
    }

    #[test]
    fn lines_and_sections() {
        check(
            b"global\r\n  maxconn 1 \n\n",
            &["L1 global", "L2 maxconn|1|"],
        );
        check(
            b"foo\nglobal\n",
            &[
                "parsing [t.cfg:1]: unknown keyword 'foo' out of section.",
                "L2 global",
            ],
        );
        check(
            b"global\n  maxconn 10",
            &[
                "L1 global",
                "L2 maxconn|10",
                "parsing [t.cfg:2]: Missing LF on last line, file might have been truncated at position 13.",
            ],
        );
    }

    #[test]
    fn modifiers_shift_words() {
        check(
            b"global\nno option a \"\" b\n",
            &["L1 global", "L2 option|a|||b"],
        );
    }

    /// Arbitrary bytes never panic, and yielded lines have words and come
    /// in file order.
    #[test]
    fn never_panics() {
        let alphabet = b"ab .#\"'\\$ {}[]()*-!&|,x0\t\r\n\0\xff";
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..2000 {
            let mut input = b"global\n".to_vec();
            for _ in 0..(seed % 97) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                input.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            let env = MapEnv::default();
            let (file, _) = parse_file(FileId(0), "f.cfg", &input, &env);
            let mut last = 0;
            for line in file
                .sections
                .iter()
                .flat_map(|s| std::iter::once(&s.header).chain(&s.lines))
            {
                assert!(!line.words.is_empty() && line.span.line > last);
                last = line.span.line;
            }
        }
    }
}
