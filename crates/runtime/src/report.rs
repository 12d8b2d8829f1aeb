//! Messages of the running process on stderr, in haproxy's
//! `%-10s (pid) : text` form. Workers print server state changes here
//! directly (one `write` per line, so lines from several threads never
//! interleave); `-q` silences them. The logging issue will also route
//! them to the log targets.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static QUIET: AtomicBool = AtomicBool::new(false);

pub(crate) fn set_quiet(q: bool) {
    QUIET.store(q, Ordering::Relaxed);
}

fn emit(label: &str, text: &str) {
    if QUIET.load(Ordering::Relaxed) {
        return;
    }
    let line = format!("{label:<10} ({}) : {text}\n", std::process::id());
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

pub(crate) fn warning(text: &str) {
    emit("[WARNING]", text);
}

pub(crate) fn alert(text: &str) {
    emit("[ALERT]", text);
}
