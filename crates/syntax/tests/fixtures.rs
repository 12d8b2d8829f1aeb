//! Data-driven snapshots over `fixtures/syntax/{ok,err}/*.cfg`: every event
//! the reader yields and every diagnostic, in order, as a compact dump.
//! `ok/` fixtures must produce no alert, `err/` fixtures at least one.
//! The expected diagnostics were checked against haproxy 2.6.12 (`-c`) run
//! with the same environment as [`env`].

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use syntax::{Diagnostics, Env, Event, FileId, Level, Line, MapEnv, Modifier, Reader};

fn env() -> MapEnv {
    MapEnv::default()
        .with_var("HOME", "/root")
        .with_var("LIST", "a b")
        .with_var("EMPTY", "")
}

/// A word with non-printable bytes (and `|` and `\`) escaped.
fn escape(word: &[u8]) -> String {
    let mut out = String::new();
    for &b in word {
        match b {
            b'|' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7e => out.push(b as char),
            _ => {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
    }
    out
}

fn dump_line(out: &mut String, kind: &str, line: &Line) {
    let modifier = match line.modifier {
        Modifier::None => "",
        Modifier::No => "no ",
        Modifier::Default => "default ",
    };
    let words: Vec<String> = line.words.iter().map(|w| escape(w)).collect();
    let _ = writeln!(
        out,
        "L{} {kind} {modifier}{}",
        line.span.line,
        words.join("|")
    );
}

fn dump_diags(out: &mut String, diags: &Diagnostics) {
    for d in &diags.list {
        let level = match d.level {
            Level::Alert => "ALERT",
            Level::Warning => "WARNING",
            Level::Notice => "NOTICE",
            Level::Diag => "DIAG",
        };
        let _ = writeln!(out, "{level} {}", d.text);
    }
}

/// Reads one file the way the driver does and dumps it. Returns the dump
/// and whether any alert was emitted.
fn dump(name: &str, text: &[u8], env: &dyn Env) -> (String, bool) {
    let mut out = String::new();
    let mut alerts = false;
    let mut reader = Reader::new(FileId(0), name, text);
    loop {
        let mut diags = Diagnostics::default();
        let ev = reader.next(env, &mut diags);
        alerts |= diags.list.iter().any(|d| d.level == Level::Alert);
        dump_diags(&mut out, &diags);
        match ev {
            Some(Event::Section(_, line)) => dump_line(&mut out, "section", &line),
            Some(Event::Line(line)) => dump_line(&mut out, "line", &line),
            None => break,
        }
    }
    if reader.aborted() {
        out.push_str("(aborted)\n");
    }
    (out, alerts)
}

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/syntax")
        .join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "cfg"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

fn run(kind: &str, expect_alerts: bool) {
    let env = env();
    for path in fixtures(kind) {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (out, alerts) = dump(&format!("{kind}/{stem}.cfg"), &text, &env);
        assert_eq!(alerts, expect_alerts, "{kind}/{stem}.cfg:\n{out}");
        insta::assert_snapshot!(format!("{kind}__{stem}"), out);
    }
}

#[test]
fn ok_fixtures() {
    run("ok", false);
}

#[test]
fn err_fixtures() {
    run("err", true);
}
