//! The driver: reads files line by line through `syntax`, dispatches every
//! line through the registry, then runs the post-parse checks. `-c` and
//! start-up both go through [`Builder`], so they can never disagree.

use crate::cx::{Current, Cx, ProcEnv};
use crate::host::Host;
use crate::ir::Config;
use crate::kw;
use crate::registry::{self, Keyword, Support};
use syntax::{Diagnostic, Diagnostics, ErrCode, Event, FileId, Line, Reader, SectionKind};

/// Every keyword table, in registration order (the order "did you mean"
/// candidates are tried in).
pub(crate) static TABLES: &[&[Keyword]] = &[
    kw::global::REGISTERED,
    kw::global::KEYWORDS,
    kw::log::KEYWORDS,
    kw::proxy::KEYWORDS,
    kw::proxy_logformat::KEYWORDS,
    kw::options::KEYWORDS,
    kw::timeouts::KEYWORDS,
    kw::server::KEYWORDS,
    kw::bind::KEYWORDS,
    kw::acl::KEYWORDS,
    kw::rules::KEYWORDS,
    kw::stick::KEYWORDS,
    kw::capture::KEYWORDS,
    kw::redirect::KEYWORDS,
    kw::sections::KEYWORDS,
    kw::stats::KEYWORDS,
    kw::checks::KEYWORDS,
    kw::external_check::KEYWORDS,
];

/// Command-line switches that change validation.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `-dr`: unresolvable server addresses are warnings (init-addr none).
    pub resolve_none: bool,
    /// `-dD`: print `[DIAG]` messages.
    pub diag: bool,
}

/// The start-up stages that can fail, in haproxy's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Reading and lowering the files.
    Parse,
    /// `check_config_validity`: references, duplicates, modes.
    Check,
    /// `srv_init_addr`: server name resolution.
    InitAddr,
}

/// The result of [`Builder::finish_stages`].
#[derive(Debug)]
pub struct Finished {
    pub cfg: Config,
    pub diags: Diagnostics,
    /// The stage whose fatal error ends start-up, if any.
    pub failed: Option<Stage>,
}

/// Builds the IR from files, in command-line order.
pub struct Builder<'a> {
    cx: Cx<'a>,
}

impl<'a> Builder<'a> {
    pub fn new(host: &'a dyn Host, opts: Options, env: ProcEnv) -> Builder<'a> {
        Builder {
            cx: Cx::new(host, opts, env),
        }
    }

    /// Parses and lowers one file. Returns the error code of this file
    /// alone; its diagnostics are kept in order with the others.
    pub fn add_file(&mut self, name: &str, text: &[u8]) -> ErrCode {
        let cx = &mut self.cx;
        let file = FileId(cx.cfg.files.len() as u32);
        cx.cfg.files.push(name.to_string());
        let before = std::mem::take(&mut cx.diags);
        let mut reader = Reader::new(file, name, text);
        loop {
            let mut tok = Diagnostics::default();
            let ev = reader.next(&cx.env, &mut tok);
            let stop = tok.code.intersects(ErrCode::ABORT);
            cx.diags.extend(tok);
            let Some(ev) = ev else { break };
            let before = cx.diags.code;
            cx.diags.code = ErrCode::NONE;
            match ev {
                Event::Section(kind, line) => open_section(cx, kind, &line),
                Event::Line(line) => lower_line(cx, &line),
            }
            if cx.diags.code.is_fatal() {
                reader.note_fatal();
            }
            cx.diags.code |= before;
            if stop || cx.diags.code.intersects(ErrCode::ABORT) {
                break;
            }
        }
        close_section(cx);
        cx.cur = Current::OutOfSection;
        cx.cur_kind = None;
        let file_diags = std::mem::replace(&mut cx.diags, before);
        let code = file_diags.code;
        cx.diags.extend(file_diags);
        code
    }

    /// Runs the post-parse checks and address resolution; returns the IR
    /// and every diagnostic, in the order haproxy prints them.
    pub fn finish(self) -> (Config, Diagnostics) {
        let done = self.finish_stages();
        (done.cfg, done.diags)
    }

    /// Like [`Builder::finish`], also telling which stage failed: haproxy
    /// ends differently after a failed post-parse check ("Fatal errors
    /// found in configuration.") and after a failed address resolution
    /// (it exits right after "Failed to initialize server(s) addr.").
    ///
    /// Like haproxy, the post-parse checks only run on a configuration that
    /// parsed without fatal errors, and addresses are only resolved when the
    /// checks passed too.
    pub fn finish_stages(mut self) -> Finished {
        let mut failed = None;
        if self.cx.diags.code.is_fatal() {
            failed = Some(Stage::Parse);
        } else {
            crate::check::check_config_validity(&mut self.cx);
            if self.cx.diags.code.is_fatal() {
                failed = Some(Stage::Check);
            } else {
                crate::resolve::init_addrs(&mut self.cx);
                if self.cx.diags.code.is_fatal() {
                    failed = Some(Stage::InitAddr);
                }
            }
        }
        Finished {
            cfg: self.cx.cfg,
            diags: self.cx.diags,
            failed,
        }
    }

    /// The diagnostics so far (the CLI prints per-file verdicts).
    pub fn diagnostics(&self) -> &Diagnostics {
        &self.cx.diags
    }
}

fn open_section(cx: &mut Cx, kind: SectionKind, line: &Line) {
    close_section(cx);
    cx.cur_kind = Some(kind);
    match kind {
        SectionKind::Global => kw::global::open(cx, line),
        SectionKind::Defaults
        | SectionKind::Frontend
        | SectionKind::Backend
        | SectionKind::Listen => kw::proxy::open(cx, kind, line),
        _ => kw::sections::open(cx, kind, line),
    }
}

fn close_section(cx: &mut Cx) {
    match cx.cur {
        Current::Defaults(_) | Current::Proxy(_) => kw::proxy::close(cx),
        Current::Other(..) => kw::sections::close(cx),
        Current::Global | Current::OutOfSection => {}
    }
}

/// Dispatches one line through the registry.
fn lower_line(cx: &mut Cx, line: &Line) {
    let Some(kind) = cx.cur_kind else {
        // The reader reports lines out of any section itself.
        return;
    };
    match registry::find(kind, &line.words) {
        Some(kw) => lower_known(cx, kw, line),
        None => unknown_keyword(cx, kind, line),
    }
}

fn lower_known(cx: &mut Cx, kw: &Keyword, line: &Line) {
    let before = cx.diags.code;
    cx.diags.code = ErrCode::NONE;
    (kw.lower)(cx, line);
    let own = cx.diags.code;
    cx.diags.code |= before;
    if kw.support == Support::Unsupported && !own.is_fatal() {
        let text = format!(
            "parsing [{}] : '{}' is not supported by portcullis yet (the configuration is valid for haproxy 2.6; see docs/compat.md).",
            cx.loc(line),
            kw.name
        );
        cx.push(Diagnostic::fatal(Some(line.span), text));
    }
}

/// haproxy's unknown-keyword alert with its "did you mean" hint.
fn unknown_keyword(cx: &mut Cx, kind: SectionKind, line: &Line) {
    let word = line.word(0).into_owned();
    let mut candidates: Vec<&str> = Vec::new();
    for k in registry::all().filter(|k| k.sections.contains(kind)) {
        let first = k.name.split(' ').next().unwrap_or(k.name);
        let hidden = kind == SectionKind::Global && kw::global::NOT_SUGGESTED.contains(&first);
        if !hidden && !candidates.contains(&first) {
            candidates.push(first);
        }
    }
    if matches!(
        kind,
        SectionKind::Defaults | SectionKind::Frontend | SectionKind::Backend | SectionKind::Listen
    ) {
        candidates.extend_from_slice(kw::proxy::COMMON_KEYWORDS);
    }
    if kind == SectionKind::Global {
        candidates.extend_from_slice(kw::global::COMMON_KEYWORDS);
    }
    let mut text = format!(
        "parsing [{}] : unknown keyword '{}' in '{}' section",
        cx.loc(line),
        word,
        kind.keyword()
    );
    if let Some(best) = registry::best_match(&word, candidates) {
        text.push_str(&format!("; did you mean '{best}' maybe ?"));
    }
    cx.push(Diagnostic::fatal(Some(line.span), text));
}
