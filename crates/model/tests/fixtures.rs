//! Data-driven snapshot tests: every file of `fixtures/model/{ok,err}` and
//! `fixtures/seeds` is lowered and its IR dump plus diagnostics snapshotted;
//! the real-world corpus in `../shared/corpus` must lower without panicking,
//! and the unsupported keywords it hits are a snapshot of their own.

use model::cx::ProcEnv;
use model::{Builder, Options, SystemLikeHost};
use std::fmt::Write;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The machine the seeds were written for: `/etc/hosts` as on the seed 000
/// write-up's clustermember1, and the users of a Debian haproxy install.
fn host() -> SystemLikeHost {
    let v4 = |a, b, c, d| IpAddr::V4(Ipv4Addr::new(a, b, c, d));
    SystemLikeHost {
        hosts: vec![
            ("localhost".into(), v4(127, 0, 0, 1)),
            ("this_puppet".into(), v4(127, 0, 0, 1)),
            ("_my_service_ip_".into(), v4(10, 0, 0, 1)),
            ("other_puppet".into(), v4(10, 0, 0, 2)),
        ],
        users: vec![("root".into(), 0), ("haproxy".into(), 100)],
        groups: vec![("root".into(), 0), ("haproxy".into(), 100)],
        ..SystemLikeHost::default()
    }
}

/// Lowers one file and renders the IR dump and the diagnostics.
fn render(path: &Path) -> (String, bool) {
    let text = std::fs::read(path).unwrap_or_default();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let host = host();
    let env = ProcEnv {
        vars: vec![(b"HOME".to_vec(), b"/root".to_vec())],
        features: Vec::new(),
    };
    let mut builder = Builder::new(&host, Options::default(), env);
    builder.add_file(&name, &text);
    let (cfg, diags) = builder.finish();
    let mut out = model::dump::dump(&cfg);
    out.push_str("--- diagnostics\n");
    for d in &diags.list {
        let _ = writeln!(out, "{} {}", d.level.label(), d);
    }
    (out, diags.code.is_fatal())
}

fn cfg_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "cfg"));
    files.sort();
    files
}

fn snapshot_dir(group: &str, dir: &Path, expect_fatal: Option<bool>) {
    let files = cfg_files(dir);
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    let mut wrong = Vec::new();
    for path in files {
        let (out, fatal) = render(&path);
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        insta::assert_snapshot!(format!("{group}__{stem}"), out);
        if expect_fatal.is_some_and(|want| want != fatal) {
            wrong.push(stem);
        }
    }
    assert!(wrong.is_empty(), "{group}: wrong verdict for {wrong:?}");
}

#[test]
fn model_ok_fixtures_have_no_error() {
    snapshot_dir("ok", &repo().join("fixtures/model/ok"), Some(false));
}

#[test]
fn model_err_fixtures_have_an_error() {
    snapshot_dir("err", &repo().join("fixtures/model/err"), Some(true));
}

#[test]
fn seeds() {
    snapshot_dir("seeds", &repo().join("fixtures/seeds"), None);
}

#[test]
fn corpus_lowers_and_lists_its_unsupported_keywords() {
    let dir = repo().join("../shared/corpus");
    if !dir.is_dir() {
        eprintln!(
            "SKIPPED: {} is absent; the corpus test needs ../shared/corpus",
            dir.display()
        );
        return;
    }
    let mut report = String::new();
    for path in cfg_files(&dir) {
        let (out, _) = render(&path);
        let mut hits: Vec<&str> = out
            .lines()
            .filter(|l| l.contains("is not supported by portcullis yet"))
            .filter_map(|l| l.split('\'').nth(1))
            .collect();
        hits.sort_unstable();
        hits.dedup();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let _ = writeln!(report, "{name}: {}", hits.join(", "));
    }
    insta::assert_snapshot!("corpus_unsupported_keywords", report);
}
