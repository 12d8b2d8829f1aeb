//! The `legacy` class: a disagreement made only of what our deliberate
//! acceptance of 1.x forms causes (`listen NAME ADDR:PORT` and
//! `frontend NAME ADDR:PORT`, `contimeout`, `clitimeout`, `srvtimeout`,
//! `redispatch`), which haproxy 2.6 rejects.
//!
//! The rule, on the stderr lines of both runs (the per-file and final
//! verdict lines, stdout and the exit code follow from them):
//!
//! 1. we printed at least one legacy warning (a `[WARNING]` saying the form
//!    "was removed in HAProxy 2.x; accepted as '...'"), each at the line
//!    of the form it accepts;
//! 2. every line only haproxy printed is its rejection of such a line (an
//!    alert at the same `[file:line]` as one of our legacy warnings), or a
//!    `'listen' or 'defaults' expected.` alert after a rejected 1.x
//!    section header: haproxy prints that for each line of a section whose
//!    header failed, and we take the nearest header rejection before it
//!    (our legacy warning or another header error haproxy printed) as its
//!    cause, so a section that fails for any other reason does not count;
//! 3. every line only we printed is a legacy warning, our explicit refusal
//!    of something we do not run yet (the `unsupported` class on its own;
//!    a file can have both), a message located at a line haproxy rejected
//!    as part of such a section (we checked the section it refused to
//!    read), or, when haproxy stopped after parsing (it printed `Error(s)
//!    found in configuration file`, which skips the post-parse checks) only
//!    because of rule 2, a message of our post-parse checks: one not
//!    located at a `parsing [file:line]`, with its `   | ` continuation
//!    lines.

use crate::compare::UNSUPPORTED_MARK;

/// What our legacy warnings say, whichever form they accept.
const WARNING_MARKS: [&str; 2] = ["was removed in HAProxy 2.", "; accepted as '"];

/// haproxy's alert for each line of a section whose header it refused.
const ORPHAN_LINE: &str = ": 'listen' or 'defaults' expected.";

/// haproxy's alerts for a proxy header line it refused.
const HEADER_ERRORS: [&str; 3] = [
    "please use the 'bind' keyword for listening addresses.",
    "cannot handle unexpected argument",
    "has an invalid character",
];

/// haproxy's marker of a failed parse, after which it runs no post-parse check.
const PARSE_FAILED: &str = ": config : Error(s) found in configuration file : ";

pub(crate) fn is_legacy_warning(line: &str) -> bool {
    line.starts_with("[WARNING]") && WARNING_MARKS.iter().all(|m| line.contains(m))
}

/// The `file:line` of a `parsing [file:line]` (or `Parsing [...]`) message.
fn location(line: &str) -> Option<(&str, u32)> {
    let start = line.find("parsing [").or_else(|| line.find("Parsing ["))? + "parsing [".len();
    let end = start + line[start..].find(']')?;
    let (file, num) = line[start..end].rsplit_once(':')?;
    Some((file, num.parse().ok()?))
}

fn is_continuation(line: &str) -> bool {
    line.starts_with("   | ")
}

/// Whether the difference between the two runs is exactly the one rule 1-3
/// of the module describe. `theirs` and `mine` are the stderr lines without
/// the verdict lines; `haproxy_all` is haproxy's whole stderr.
pub(crate) fn is_legacy(haproxy_all: &[String], theirs: &[&str], mine: &[&str]) -> bool {
    let accepted: Vec<(&str, u32)> = mine
        .iter()
        .filter(|l| is_legacy_warning(l))
        .filter_map(|l| location(l))
        .collect();
    if accepted.is_empty() {
        return false;
    }
    // Header rejections in line order per file: ours (legacy) and haproxy's
    // other header errors, to find the cause of each orphan line.
    let mut headers: Vec<((&str, u32), bool)> = accepted.iter().map(|a| (*a, true)).collect();
    for l in theirs {
        if let Some(at) = location(l) {
            if HEADER_ERRORS.iter().any(|m| l.contains(m)) && !accepted.contains(&at) {
                headers.push((at, false));
            }
        }
    }
    let caused_by_legacy = |at: (&str, u32)| {
        headers
            .iter()
            .filter(|((f, n), _)| *f == at.0 && *n < at.1)
            .max_by_key(|((_, n), _)| *n)
            .is_some_and(|(_, legacy)| *legacy)
    };
    let mut orphans = Vec::new();
    for l in theirs.iter().filter(|l| !mine.contains(l)) {
        let Some(at) = location(l) else { return false };
        if accepted.contains(&at) {
            continue;
        }
        if !(l.contains(ORPHAN_LINE) && caused_by_legacy(at)) {
            return false;
        }
        orphans.push(at);
    }
    let stopped_at_parse = haproxy_all.iter().any(|l| l.contains(PARSE_FAILED));
    let mut excused_previous = false;
    for l in mine.iter().filter(|l| !theirs.contains(l)) {
        let excused = if is_continuation(l) {
            excused_previous
        } else {
            match location(l) {
                _ if is_legacy_warning(l) || l.contains(UNSUPPORTED_MARK) => true,
                Some(at) => orphans.contains(&at),
                None => stopped_at_parse,
            }
        };
        if !excused {
            return false;
        }
        excused_previous = excused;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: &str = "[ALERT]    (PID) : config : parsing [x.cfg:";

    fn strs(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }

    /// `theirs` is haproxy's whole stderr; the verdict lines are dropped
    /// from the compared lines as `classify` does.
    fn check(theirs: &[String], mine: &[String]) -> bool {
        let compared: Vec<&str> = strs(theirs)
            .into_iter()
            .filter(|l| !l.contains(PARSE_FAILED))
            .collect();
        is_legacy(theirs, &compared, &strs(mine))
    }

    fn header(line: u32) -> String {
        format!("{F}{line}] : please use the 'bind' keyword for listening addresses.")
    }

    fn orphan(line: u32) -> String {
        format!("{F}{line}] : 'listen' or 'defaults' expected.")
    }

    fn accepted(line: u32) -> String {
        format!("[WARNING]  (PID) : config : parsing [x.cfg:{line}] : 'listen l 1.2.3.4:80' : the address on the 'listen' line was removed in HAProxy 2.x; accepted as 'bind 1.2.3.4:80'.")
    }

    fn parse_failed() -> String {
        "[ALERT]    (PID) : config : Error(s) found in configuration file : x.cfg".to_string()
    }

    #[test]
    fn a_refused_section_is_legacy() {
        let theirs = [header(5), orphan(6), orphan(7), parse_failed()];
        let mine = [
            accepted(5),
            "[WARNING]  (PID) : config : missing timeouts for proxy 'l'.".to_string(),
            "   | While not properly invalid, ...".to_string(),
            format!("{F}7] : backend 'l', another server named 's' was already defined at line 6, please use distinct names."),
        ];
        assert!(check(&theirs, &mine));
    }

    #[test]
    fn a_real_error_elsewhere_is_not_legacy() {
        let theirs = [
            header(5),
            orphan(6),
            format!("{F}9] : unknown keyword 'x'"),
            parse_failed(),
        ];
        assert!(!check(&theirs, &[accepted(5)]));
        let mine = [accepted(5), format!("{F}9] : unknown keyword 'y'")];
        assert!(!check(&[header(5), orphan(6), parse_failed()], &mine));
    }

    #[test]
    fn orphans_of_another_header_error_are_not_legacy() {
        let other = format!("{F}8] : 'listen' cannot handle unexpected argument 'x'.");
        let theirs = [
            header(5),
            orphan(6),
            other.clone(),
            orphan(9),
            parse_failed(),
        ];
        assert!(!check(&theirs, &[accepted(5), other]));
    }

    #[test]
    fn refusals_of_unsupported_keywords_may_come_along() {
        let theirs = [header(5), orphan(6), parse_failed()];
        let refusal = format!("{F}2] : 'log' is not supported by portcullis yet (the configuration is valid for haproxy 2.6; see docs/compat.md).");
        assert!(check(&theirs, &[accepted(5), refusal]));
    }

    #[test]
    fn post_parse_messages_need_haproxy_to_have_stopped() {
        let post =
            "[ALERT]    (PID) : config : Proxy 'l': unable to find required default_backend: 'b'."
                .to_string();
        assert!(!check(&[header(5)], &[accepted(5), post.clone()]));
        assert!(check(&[header(5), parse_failed()], &[accepted(5), post]));
    }
}
