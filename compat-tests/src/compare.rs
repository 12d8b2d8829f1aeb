//! Comparing two normalised runs and classifying a disagreement:
//! `unsupported` (the only difference is our explicit "not supported by
//! portcullis yet" refusal), `legacy` (only what our acceptance of 1.x
//! forms causes, see `crate::legacy`) or `other` (a real difference a human
//! must explain).

/// What one checker did on one file, normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub code: i32,
    pub stdout: Vec<String>,
    pub stderr: Vec<String>,
}

/// Disagreement classes of the ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Unsupported,
    Legacy,
    Other,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Unsupported => "unsupported",
            Class::Legacy => "legacy",
            Class::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<Class> {
        match s {
            "unsupported" => Some(Class::Unsupported),
            "legacy" => Some(Class::Legacy),
            "other" => Some(Class::Other),
            _ => None,
        }
    }
}

/// The marker of our explicit refusal of a keyword we validate but do not run.
pub const UNSUPPORTED_MARK: &str = "is not supported by portcullis yet";

/// The per-file and final verdict lines, which follow from the other lines.
fn is_summary(line: &str) -> bool {
    line.contains(": config : Error(s) found in configuration file : ")
        || line.ends_with(": config : Fatal errors found in configuration.")
}

fn substantive(lines: &[String]) -> Vec<&str> {
    lines
        .iter()
        .map(String::as_str)
        .filter(|l| !is_summary(l))
        .collect()
}

/// Whether `small` appears in `big` in order (not necessarily contiguous).
fn is_subsequence(small: &[&str], big: &[&str]) -> bool {
    let mut it = big.iter();
    small.iter().all(|s| it.any(|b| b == s))
}

/// The keyword quoted just before the unsupported marker.
fn unsupported_keyword(line: &str) -> Option<&str> {
    let head = &line[..line.find(UNSUPPORTED_MARK)?];
    let head = head.trim_end().strip_suffix('\'')?;
    Some(&head[head.rfind('\'')? + 1..])
}

/// `None` when both runs agree; otherwise the class and a reason.
pub fn classify(haproxy: &Outcome, ours: &Outcome) -> Option<(Class, String)> {
    if haproxy == ours {
        return None;
    }
    let theirs = substantive(&haproxy.stderr);
    let mine = substantive(&ours.stderr);
    let (refusals, rest): (Vec<&str>, Vec<&str>) =
        mine.iter().partition(|l| l.contains(UNSUPPORTED_MARK));
    let mut kws: Vec<&str> = refusals
        .iter()
        .filter_map(|l| unsupported_keyword(l))
        .collect();
    kws.sort_unstable();
    kws.dedup();
    let unsupported = format!("not supported yet: {}", kws.join(", "));
    if !refusals.is_empty() && is_subsequence(&rest, &theirs) {
        return Some((Class::Unsupported, unsupported));
    }
    if crate::legacy::is_legacy(&haproxy.stderr, &theirs, &mine) {
        let mut reason = "accepts 1.x forms with a warning; the other differences follow from haproxy refusing them".to_string();
        if !refusals.is_empty() {
            reason.push_str(&format!(" ({unsupported})"));
        }
        return Some((Class::Legacy, reason));
    }
    Some((Class::Other, "TODO: explain".to_string()))
}

/// Whether a run printed nothing to explain itself (a configuration with
/// `quiet` silences even alerts, in haproxy and in portcullis).
pub fn is_silent(o: &Outcome) -> bool {
    substantive(&o.stderr).is_empty() && o.stdout.is_empty()
}

/// Classifies a disagreement of two silent runs from the same runs made
/// with `-V` (which overrides `quiet` in both): the verdicts differ, the
/// verbose texts say why.
pub fn classify_verbose(
    haproxy: &Outcome,
    ours: &Outcome,
    verbose: (&Outcome, &Outcome),
) -> Option<(Class, String)> {
    let plain = classify(haproxy, ours)?;
    if plain.0 != Class::Other {
        return Some(plain);
    }
    match classify(verbose.0, verbose.1) {
        Some((class, reason)) if class != Class::Other => Some((
            class,
            format!("{reason} (seen with -V: the configuration sets 'quiet')"),
        )),
        _ => Some(plain),
    }
}

/// A short human description of the first difference, for test failures.
pub fn first_difference(haproxy: &Outcome, ours: &Outcome) -> String {
    if haproxy.code != ours.code {
        return format!(
            "exit code: haproxy {} vs portcullis {}",
            haproxy.code, ours.code
        );
    }
    let pairs = [
        (&haproxy.stderr, &ours.stderr, "stderr"),
        (&haproxy.stdout, &ours.stdout, "stdout"),
    ];
    for (a, b, what) in pairs {
        for i in 0..a.len().max(b.len()) {
            let (x, y) = (a.get(i), b.get(i));
            if x != y {
                return format!(
                    "{what} line {}: haproxy {:?} vs portcullis {:?}",
                    i + 1,
                    x.map(String::as_str).unwrap_or("<none>"),
                    y.map(String::as_str).unwrap_or("<none>")
                );
            }
        }
    }
    "no difference".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(code: i32, stderr: &[&str]) -> Outcome {
        Outcome {
            code,
            stdout: Vec::new(),
            stderr: stderr.iter().map(|s| s.to_string()).collect(),
        }
    }

    const WARN: &str = "[WARNING]  (PID) : config : missing timeouts for frontend 'fe'.";
    const UNSUP: &str = "[ALERT]    (PID) : config : parsing [x.cfg:4] : 'stick-table' is not supported by portcullis yet (the configuration is valid for haproxy 2.6; see docs/compat.md).";
    const ERRS: &str = "[ALERT]    (PID) : config : Error(s) found in configuration file : x.cfg";
    const FATAL: &str = "[ALERT]    (PID) : config : Fatal errors found in configuration.";

    #[test]
    fn equal_runs_agree() {
        assert_eq!(classify(&outcome(0, &[WARN]), &outcome(0, &[WARN])), None);
    }

    #[test]
    fn only_refusals_are_unsupported() {
        let got = classify(&outcome(0, &[WARN]), &outcome(1, &[UNSUP, ERRS, FATAL]));
        assert_eq!(
            got,
            Some((Class::Unsupported, "not supported yet: stick-table".into()))
        );
    }

    #[test]
    fn anything_else_is_other() {
        let other = "[ALERT]    (PID) : config : parsing [x.cfg:5] : something else";
        let got = classify(
            &outcome(0, &[WARN]),
            &outcome(1, &[UNSUP, other, ERRS, FATAL]),
        );
        assert_eq!(got.map(|g| g.0), Some(Class::Other));
    }

    #[test]
    fn legacy_warnings_are_legacy() {
        let theirs = "[ALERT]    (PID) : config : parsing [x.cfg:3] : the 'contimeout' directive is not supported anymore since HAProxy 2.1. Use 'timeout connect'.";
        let mine = "[WARNING]  (PID) : config : parsing [x.cfg:3] : the 'contimeout' directive was removed in HAProxy 2.1; accepted as 'timeout connect 5000'.";
        let got = classify(&outcome(1, &[theirs, ERRS, FATAL]), &outcome(0, &[mine]));
        assert_eq!(got.map(|g| g.0), Some(Class::Legacy));
        assert!(first_difference(&outcome(1, &[]), &outcome(0, &[])).contains("exit code"));
    }
}
