//! The differential test: every configuration of the fixtures and of the
//! shared real-world corpus is checked by the real `haproxy -c` and by
//! `portcullis -c`; exit codes, stdout and the ALERT/WARNING lines must be
//! equal, or the difference must be in `compat-tests/ledger.tsv`.
//!
//! `UPDATE_LEDGER=1 cargo test -p portcullis-cli --test differential`
//! rewrites the ledger from the current differences (classes detected
//! automatically; `other` entries get "TODO: explain" for a human).

use compat_tests::compare::{classify_verbose, first_difference, is_silent, UNSUPPORTED_MARK};
use compat_tests::{ledger, run_check, run_check_with, Class, Entry, Ledger, Outcome};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The folders compared, relative to the repository root.
const FOLDERS: &[&str] = &[
    "fixtures/seeds",
    "fixtures/model/ok",
    "fixtures/model/err",
    "fixtures/syntax/ok",
    "fixtures/syntax/err",
    "../shared/corpus",
];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// `(key, path)` of every `*.cfg` to compare, the key relative to the root.
fn configs(root: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for folder in FOLDERS {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            if folder.starts_with("../") {
                eprintln!("SKIPPED: {folder} is absent: the real-world corpus is not compared");
            }
            continue;
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".cfg"))
            .collect();
        names.sort();
        for n in names {
            out.push((format!("{folder}/{n}"), root.join(folder).join(&n)));
        }
    }
    out
}

struct Compared {
    key: String,
    haproxy: Outcome,
    ours: Outcome,
    /// Both runs again with `-V`, when they disagree silently (`quiet`).
    verbose: Option<(Outcome, Outcome)>,
}

/// Runs both checkers on every file, on two worker threads.
fn compare_all(haproxy: &Path, files: Vec<(String, PathBuf)>) -> Vec<Compared> {
    let ours = PathBuf::from(env!("CARGO_BIN_EXE_portcullis"));
    let queue = Mutex::new(files);
    let done = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let next = queue.lock().map(|mut q| q.pop()).unwrap_or(None);
                let Some((key, path)) = next else { break };
                let a = run_check(haproxy, &path).expect("run haproxy");
                let b = run_check(&ours, &path).expect("run portcullis");
                let verbose = (a != b && (is_silent(&a) || is_silent(&b))).then(|| {
                    let v = ["-V"];
                    (
                        run_check_with(haproxy, &path, &v).expect("run haproxy -V"),
                        run_check_with(&ours, &path, &v).expect("run portcullis -V"),
                    )
                });
                if let Ok(mut d) = done.lock() {
                    d.push(Compared {
                        key,
                        haproxy: a,
                        ours: b,
                        verbose,
                    });
                }
            });
        }
    });
    let mut all = done.into_inner().unwrap_or_default();
    all.sort_by(|a, b| a.key.cmp(&b.key));
    all
}

fn summary(all: &[Compared], current: &[Entry]) {
    let count = |c: Class| current.iter().filter(|e| e.class == c).count();
    let refuses = |o: &Outcome| o.stderr.iter().any(|l| l.contains(UNSUPPORTED_MARK));
    let clean: Vec<&Compared> = all
        .iter()
        .filter(|c| !refuses(&c.ours) && !c.verbose.as_ref().is_some_and(|(_, v)| refuses(v)))
        .collect();
    let same_verdict = clean
        .iter()
        .filter(|c| c.haproxy.code == c.ours.code)
        .count();
    let pct = if clean.is_empty() {
        100.0
    } else {
        100.0 * same_verdict as f64 / clean.len() as f64
    };
    eprintln!(
        "differential: {} files, {} agree, {} disagree (unsupported {}, legacy {}, other {}); \
         {} files use no unsupported keyword, verdict agreement on those: {}/{} = {:.1}%",
        all.len(),
        all.len() - current.len(),
        current.len(),
        count(Class::Unsupported),
        count(Class::Legacy),
        count(Class::Other),
        clean.len(),
        same_verdict,
        clean.len(),
        pct
    );
}

#[test]
fn haproxy_and_portcullis_agree_or_the_ledger_says_why() {
    let Some(haproxy) = find_on_path("haproxy") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "haproxy is not on PATH and CI is set"
        );
        eprintln!("SKIPPED: haproxy is not on PATH; the differential test did not run");
        return;
    };
    let root = repo_root();
    let all = compare_all(&haproxy, configs(&root));
    let current: Vec<Entry> = all
        .iter()
        .filter_map(|c| {
            let verbose = c.verbose.as_ref().map(|(a, b)| (a, b));
            let class = match verbose {
                Some(v) => classify_verbose(&c.haproxy, &c.ours, v),
                None => compat_tests::classify(&c.haproxy, &c.ours),
            };
            class.map(|(class, reason)| Entry {
                file: c.key.clone(),
                class,
                reason,
            })
        })
        .collect();
    summary(&all, &current);
    let ledger_path = ledger::path(&root);
    let text = std::fs::read_to_string(&ledger_path).unwrap_or_else(|_| ledger::HEADER.to_string());
    let known = Ledger::parse(&text).expect("compat-tests/ledger.tsv is malformed");
    if std::env::var_os("UPDATE_LEDGER").is_some() {
        std::fs::write(&ledger_path, known.regenerate(&current).render()).expect("write ledger");
        eprintln!(
            "UPDATE_LEDGER: wrote {} entries to {}",
            current.len(),
            ledger_path.display()
        );
        return;
    }
    let mut problems = Vec::new();
    for c in &all {
        let now = current.iter().find(|e| e.file == c.key);
        match (now, known.find(&c.key)) {
            (Some(e), None) => problems.push(format!(
                "{}: new {} disagreement: {}",
                e.file,
                e.class.as_str(),
                first_difference(&c.haproxy, &c.ours)
            )),
            (Some(e), Some(k)) if k.class != e.class => problems.push(format!(
                "{}: ledger says {} but the difference is now {}: {}",
                e.file,
                k.class.as_str(),
                e.class.as_str(),
                first_difference(&c.haproxy, &c.ours)
            )),
            (None, Some(k)) => problems.push(format!(
                "{}: in the ledger ({}) but both now agree",
                k.file,
                k.class.as_str()
            )),
            _ => {}
        }
    }
    for k in &known.entries {
        if !all.iter().any(|c| c.key == k.file) {
            problems.push(format!(
                "{}: in the ledger but no such file was compared",
                k.file
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} ledger mismatches (UPDATE_LEDGER=1 regenerates it):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
