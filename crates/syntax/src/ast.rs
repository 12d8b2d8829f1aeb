//! The configuration as the grammar sees it: files of sections of lines of
//! words. The grammar knows the section keywords and nothing else; keywords
//! inside sections are the model's business.

use crate::diag::Span;

/// `no` / `default` before a keyword (haproxy's `KWM_NO` / `KWM_DEF`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Modifier {
    #[default]
    None,
    No,
    Default,
}

/// One configuration line after tokenizing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub span: Span,
    /// The words as haproxy's `parse_line` produces them, after the modifier
    /// was stripped. Word 0 is the keyword. Empty words are kept (a trailing
    /// blank before end of line or `#` yields one); keyword parsers treat the
    /// first empty word as the end of the arguments, see [`Line::args`].
    pub words: Vec<Vec<u8>>,
    pub modifier: Modifier,
    /// The raw line without its end-of-line bytes, for messages that echo it.
    pub raw: Vec<u8>,
}

impl Line {
    /// The words up to (not including) the first empty one, which is how
    /// haproxy's parsers see the argument list.
    pub fn args(&self) -> &[Vec<u8>] {
        let end = self
            .words
            .iter()
            .position(|w| w.is_empty())
            .unwrap_or(self.words.len());
        &self.words[..end]
    }
    /// Word `i` as text (lossy), or `""` past the end, like haproxy's `args[i]`.
    pub fn word(&self, i: usize) -> std::borrow::Cow<'_, str> {
        match self.args().get(i) {
            Some(w) => String::from_utf8_lossy(w),
            None => std::borrow::Cow::Borrowed(""),
        }
    }
}

/// The section keywords haproxy 2.6 knows (`cfg_register_section`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SectionKind {
    Global,
    Defaults,
    Frontend,
    Backend,
    Listen,
    Userlist,
    Peers,
    Mailers,
    Resolvers,
    Program,
    HttpErrors,
    Ring,
    LogForward,
    Cache,
    FcgiApp,
    NamespaceList,
}

impl SectionKind {
    pub const ALL: [SectionKind; 16] = [
        SectionKind::Global,
        SectionKind::Defaults,
        SectionKind::Frontend,
        SectionKind::Backend,
        SectionKind::Listen,
        SectionKind::Userlist,
        SectionKind::Peers,
        SectionKind::Mailers,
        SectionKind::Resolvers,
        SectionKind::Program,
        SectionKind::HttpErrors,
        SectionKind::Ring,
        SectionKind::LogForward,
        SectionKind::Cache,
        SectionKind::FcgiApp,
        SectionKind::NamespaceList,
    ];

    pub fn keyword(self) -> &'static str {
        match self {
            SectionKind::Global => "global",
            SectionKind::Defaults => "defaults",
            SectionKind::Frontend => "frontend",
            SectionKind::Backend => "backend",
            SectionKind::Listen => "listen",
            SectionKind::Userlist => "userlist",
            SectionKind::Peers => "peers",
            SectionKind::Mailers => "mailers",
            SectionKind::Resolvers => "resolvers",
            SectionKind::Program => "program",
            SectionKind::HttpErrors => "http-errors",
            SectionKind::Ring => "ring",
            SectionKind::LogForward => "log-forward",
            SectionKind::Cache => "cache",
            SectionKind::FcgiApp => "fcgi-app",
            SectionKind::NamespaceList => "namespace_list",
        }
    }

    pub fn from_keyword(word: &[u8]) -> Option<SectionKind> {
        SectionKind::ALL
            .into_iter()
            .find(|k| k.keyword().as_bytes() == word)
    }
}

/// A section: its header line (word 0 is the section keyword) and its body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub kind: SectionKind,
    pub header: Line,
    pub lines: Vec<Line>,
}

/// One parsed file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigFile {
    pub name: String,
    pub sections: Vec<Section>,
    /// Parsing of this file stopped early (`ERR_ABORT`): lines after the
    /// aborting one are not in `sections`.
    pub aborted: bool,
}

/// What the reader yields, one line at a time, so that a caller can change
/// the environment between lines (`setenv` in `global` affects later lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A section keyword line.
    Section(SectionKind, Line),
    /// Any other line inside a section.
    Line(Line),
}
