//! Diagnostics as haproxy prints them: a level, the message text and the
//! error-code bits (`ERR_WARN`, `ERR_ALERT`, `ERR_FATAL`, `ERR_ABORT`) the
//! message adds to the run's verdict.
//!
//! The text is everything haproxy prints after `config : ` (for parse and
//! validation messages) including the message's own `parsing [f:l] : ` prefix,
//! because haproxy uses three different prefix spellings and the exact one is
//! part of each message. Continuation lines (`   | ...`) are embedded with `\n`.

use std::fmt;

/// The label column of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Alert,
    Warning,
    Notice,
    Diag,
}

impl Level {
    /// The bracketed label, as padded by haproxy to 10 columns by the printer.
    pub fn label(self) -> &'static str {
        match self {
            Level::Alert => "[ALERT]",
            Level::Warning => "[WARNING]",
            Level::Notice => "[NOTICE]",
            Level::Diag => "[DIAG]",
        }
    }
}

/// haproxy's `err_code` bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ErrCode(pub u8);

impl ErrCode {
    pub const NONE: ErrCode = ErrCode(0);
    /// A warning was emitted (fails under `-dW` / `zero-warning`).
    pub const WARN: ErrCode = ErrCode(1);
    /// An alert was emitted; alone it does not fail the check.
    pub const ALERT: ErrCode = ErrCode(2);
    /// The configuration is invalid; parsing continues.
    pub const FATAL: ErrCode = ErrCode(4);
    /// The configuration is invalid and parsing of the file stops here.
    pub const ABORT: ErrCode = ErrCode(8);

    pub fn contains(self, other: ErrCode) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }
    pub fn intersects(self, other: ErrCode) -> bool {
        self.0 & other.0 != 0
    }
    pub fn is_fatal(self) -> bool {
        self.intersects(ErrCode(ErrCode::FATAL.0 | ErrCode::ABORT.0))
    }
}

impl std::ops::BitOr for ErrCode {
    type Output = ErrCode;
    fn bitor(self, rhs: ErrCode) -> ErrCode {
        ErrCode(self.0 | rhs.0)
    }
}

impl std::ops::BitOrAssign for ErrCode {
    fn bitor_assign(&mut self, rhs: ErrCode) {
        self.0 |= rhs.0;
    }
}

/// Where a diagnostic comes from, used to order messages the way haproxy
/// emits them (haproxy handles one line at a time, we run passes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    /// 1-based line number.
    pub line: u32,
}

/// Index of a configuration file in command-line order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// One message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    /// Where the message belongs, when it belongs to a line.
    pub span: Option<Span>,
    /// The message text after `config : ` (see the module docs).
    pub text: String,
    /// What the message adds to the verdict.
    pub code: ErrCode,
    /// Whether the message is printed with the `config : ` context. Runtime
    /// messages (bind failures, server state) are not.
    pub config_context: bool,
}

impl Diagnostic {
    fn new(level: Level, span: Option<Span>, text: String, code: ErrCode) -> Diagnostic {
        Diagnostic {
            level,
            span,
            text,
            code,
            config_context: true,
        }
    }
    /// A fatal alert (`ERR_ALERT | ERR_FATAL`).
    pub fn fatal(span: Option<Span>, text: impl Into<String>) -> Diagnostic {
        Diagnostic::new(
            Level::Alert,
            span,
            text.into(),
            ErrCode::ALERT | ErrCode::FATAL,
        )
    }
    /// A fatal alert that also stops parsing the current file (`ERR_ABORT`).
    pub fn abort(span: Option<Span>, text: impl Into<String>) -> Diagnostic {
        Diagnostic::new(
            Level::Alert,
            span,
            text.into(),
            ErrCode::ALERT | ErrCode::FATAL | ErrCode::ABORT,
        )
    }
    /// An alert that does not fail the check (`ERR_ALERT` only).
    pub fn alert(span: Option<Span>, text: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Level::Alert, span, text.into(), ErrCode::ALERT)
    }
    pub fn warning(span: Option<Span>, text: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Level::Warning, span, text.into(), ErrCode::WARN)
    }
    pub fn notice(span: Option<Span>, text: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Level::Notice, span, text.into(), ErrCode::NONE)
    }
    pub fn diag(span: Option<Span>, text: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Level::Diag, span, text.into(), ErrCode::NONE)
    }
}

impl fmt::Display for Diagnostic {
    /// `[LABEL]    (PID) : ` is the printer's business; this is the rest.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.config_context {
            write!(f, "config : ")?;
        }
        f.write_str(&self.text)
    }
}

/// Collects diagnostics and the combined error code.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    pub list: Vec<Diagnostic>,
    pub code: ErrCode,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.code |= d.code;
        self.list.push(d);
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.code |= other.code;
        self.list.extend(other.list);
    }
}
