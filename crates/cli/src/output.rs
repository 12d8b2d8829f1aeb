//! Printing messages the way haproxy's `ha_alert`/`ha_warning` do:
//! `sprintf("%-10s (%u) : ", label, pid)` then the text, on stderr, with
//! the two NOTICE lines (version, executable path) printed once before the
//! first ALERT or WARNING. The NOTICE lines keep haproxy's wording and our
//! own version string (see `version.rs`), so log scrapers still find them.

use std::io::Write;
use syntax::{Diagnostic, Level};

/// The stderr/stdout printer of one run.
#[derive(Debug)]
pub struct Printer {
    pid: u32,
    /// `-q` (or global `quiet`) without `-V`: print nothing at all.
    pub quiet: bool,
    /// `-dD`: `[DIAG]` messages are printed.
    pub diag: bool,
    notices_done: bool,
}

impl Printer {
    pub fn new(quiet: bool, diag: bool) -> Printer {
        Printer {
            pid: std::process::id(),
            quiet,
            diag,
            notices_done: false,
        }
    }

    /// One message line; `rest` is everything after `(PID) : `.
    pub fn line(&mut self, level: Level, rest: &str) {
        if self.quiet || (level == Level::Diag && !self.diag) {
            return;
        }
        let mut err = std::io::stderr().lock();
        if matches!(level, Level::Alert | Level::Warning) && !self.notices_done {
            self.notices_done = true;
            let exe = std::env::current_exe()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let notice = Level::Notice.label();
            let _ = writeln!(
                err,
                "{:<10} ({}) : haproxy version is {}",
                notice,
                self.pid,
                crate::version::version()
            );
            let _ = writeln!(
                err,
                "{:<10} ({}) : path to executable is {}",
                notice, self.pid, exe
            );
        }
        let _ = writeln!(err, "{:<10} ({}) : {}", level.label(), self.pid, rest);
    }

    /// From now on, no NOTICE header before the first ALERT/WARNING (haproxy
    /// prints it only while starting).
    pub fn skip_notices(&mut self) {
        self.notices_done = true;
    }

    pub fn diagnostic(&mut self, d: &Diagnostic) {
        self.line(d.level, &d.to_string());
    }

    /// An alert in configuration context (`config : text`).
    pub fn config_alert(&mut self, text: &str) {
        self.line(Level::Alert, &format!("config : {text}"));
    }

    /// One of the `-c` verdict lines on stdout (`qfprintf`: silenced by quiet).
    pub fn stdout(&self, text: &str) {
        if !self.quiet {
            println!("{text}");
        }
    }
}
