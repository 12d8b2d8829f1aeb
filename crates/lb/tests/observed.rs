//! Transcripts recorded against haproxy 2.6.12 (tests/data/*.txt),
//! replayed operation by operation: every pick must name the same server.
//!
//! The transcripts were made by running haproxy with the header's backend
//! (servers answering their own name), sending the requests one at a time
//! and applying the commands on the stats socket. Most are random
//! operation sequences (weights, disable/enable, requests) from a seeded
//! generator; `*-reference.txt` are the hand-written ones.

mod common;

use std::path::Path;

fn check(file: &str) -> usize {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    common::replay::replay(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn check_all(prefix: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no transcript starts with {prefix}");
    let mut failures = Vec::new();
    for f in &files {
        let path = dir.join(f);
        let text = std::fs::read_to_string(&path).unwrap();
        if let Err(e) = common::replay::replay(&text) {
            failures.push(format!("{f}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn roundrobin_weight_changes_and_up_down() {
    assert!(check("rr-weights-updown.txt") >= 7);
}

#[test]
fn roundrobin_transcripts() {
    check_all("rr-");
}

#[test]
fn static_rr_transcripts() {
    check_all("static-rr-");
}

#[test]
fn leastconn_transcripts() {
    check_all("leastconn-");
}

#[test]
fn first_transcripts() {
    check_all("first-");
}

#[test]
fn source_transcripts() {
    check_all("source-");
}

#[test]
fn uri_hash_transcripts() {
    check_all("uri-");
}

#[test]
fn backup_transcripts() {
    check_all("backup-");
}
