//! The line reader: haproxy's `readcfgfile()` loop. Yields one [`Event`] per
//! configuration line, after tokenizing, `.if` processing and message
//! directives, so the caller can change the environment between lines.

use crate::ast::{ConfigFile, Event, Line, Modifier, Section, SectionKind};
use crate::diag::{Diagnostics, FileId, Span};
use crate::env::Env;

/// Reads one file.
#[derive(Debug)]
pub struct Reader<'t> {
    file: FileId,
    file_name: String,
    text: &'t [u8],
    pos: usize,
    line_no: u32,
    aborted: bool,
}

impl<'t> Reader<'t> {
    pub fn new(file: FileId, file_name: &str, text: &'t [u8]) -> Reader<'t> {
        Reader {
            file,
            file_name: file_name.to_string(),
            text,
            pos: 0,
            line_no: 0,
            aborted: false,
        }
    }

    /// Whether an `ERR_ABORT` diagnostic stopped the file early.
    pub fn aborted(&self) -> bool {
        self.aborted
    }

    /// The next line, or `None` at the end of the file (or after an abort).
    /// Diagnostics go to `diags`.
    pub fn next(&mut self, _env: &dyn Env, _diags: &mut Diagnostics) -> Option<Event> {
        // Placeholder splitting on blanks until the real tokenizer lands.
        loop {
            if self.pos >= self.text.len() {
                return None;
            }
            let rest = &self.text[self.pos..];
            let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            let raw = rest[..end].to_vec();
            self.pos += end + 1;
            self.line_no += 1;
            let words: Vec<Vec<u8>> = raw
                .split(|b| b.is_ascii_whitespace())
                .filter(|w| !w.is_empty())
                .map(<[u8]>::to_vec)
                .collect();
            if words.is_empty() {
                continue;
            }
            let span = Span {
                file: self.file,
                line: self.line_no,
            };
            let line = Line {
                span,
                words,
                modifier: Modifier::None,
                raw,
            };
            let _ = &self.file_name;
            return Some(match SectionKind::from_keyword(&line.words[0]) {
                Some(kind) => Event::Section(kind, line),
                None => Event::Line(line),
            });
        }
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
