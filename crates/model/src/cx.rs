//! The lowering context passed to every keyword's lowering function: the IR
//! under construction, the section being filled, the diagnostics sink, the
//! host and the process environment. Passed explicitly, never global.

use crate::build::Options;
use crate::host::Host;
use crate::ir::Config;
use syntax::{Diagnostic, Diagnostics, FileId, Line, SectionKind, Span};

/// The section lines are currently lowered into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Current {
    /// Before the first section of a file (each file restarts here).
    OutOfSection,
    Global,
    /// Index into `Config::defaults`.
    Defaults(usize),
    /// Index into `Config::proxies` (frontend, backend or listen).
    Proxy(usize),
    /// Any other section: its kind and index into the matching `Config` list.
    Other(SectionKind, usize),
}

/// The process environment as haproxy sees it while parsing: starts as the
/// real environment and is changed by `setenv`/`presetenv`/`unsetenv`/
/// `resetenv` in `global`, affecting the lines after them.
#[derive(Clone, Debug, Default)]
pub struct ProcEnv {
    pub vars: Vec<(Vec<u8>, Vec<u8>)>,
    pub features: Vec<String>,
}

impl ProcEnv {
    pub fn set(&mut self, name: &[u8], value: &[u8]) {
        match self.vars.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => *v = value.to_vec(),
            None => self.vars.push((name.to_vec(), value.to_vec())),
        }
    }
    pub fn unset(&mut self, name: &[u8]) {
        self.vars.retain(|(n, _)| n != name);
    }
}

impl syntax::Env for ProcEnv {
    fn var(&self, name: &[u8]) -> Option<Vec<u8>> {
        self.vars
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }
    fn feature(&self, name: &str) -> bool {
        self.features.iter().any(|f| f == name)
    }
}

pub struct Cx<'a> {
    pub host: &'a dyn Host,
    pub opts: Options,
    pub env: ProcEnv,
    pub diags: Diagnostics,
    pub cfg: Config,
    pub cur: Current,
    /// The kind of the current section (`Global` before any, unused then).
    pub cur_kind: Option<SectionKind>,
}

impl<'a> Cx<'a> {
    pub fn new(host: &'a dyn Host, opts: Options, env: ProcEnv) -> Cx<'a> {
        Cx {
            host,
            opts,
            env,
            diags: Diagnostics::default(),
            cfg: Config::default(),
            cur: Current::OutOfSection,
            cur_kind: None,
        }
    }

    /// The file name of a span, as printed in messages.
    pub fn file_name(&self, file: FileId) -> &str {
        self.cfg
            .files
            .get(file.0 as usize)
            .map(String::as_str)
            .unwrap_or("")
    }

    /// `file:line` of a line.
    pub fn loc(&self, line: &Line) -> String {
        self.loc_of(line.span)
    }

    pub fn loc_of(&self, span: Span) -> String {
        format!("{}:{}", self.file_name(span.file), span.line)
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// `parsing [f:l] : msg` as a fatal alert: the most common error form.
    pub fn parse_fatal(&mut self, line: &Line, msg: impl AsRef<str>) {
        let text = format!("parsing [{}] : {}", self.loc(line), msg.as_ref());
        self.push(Diagnostic::fatal(Some(line.span), text));
    }

    /// `parsing [f:l] : msg` as a warning.
    pub fn parse_warn(&mut self, line: &Line, msg: impl AsRef<str>) {
        let text = format!("parsing [{}] : {}", self.loc(line), msg.as_ref());
        self.push(Diagnostic::warning(Some(line.span), text));
    }

    /// `parsing [f:l] : msg` as a non-fatal alert.
    pub fn parse_alert(&mut self, line: &Line, msg: impl AsRef<str>) {
        let text = format!("parsing [{}] : {}", self.loc(line), msg.as_ref());
        self.push(Diagnostic::alert(Some(line.span), text));
    }
}
