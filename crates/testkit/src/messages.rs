//! A proxy's messages about servers and checks, read from its output (the
//! `-db` foreground stderr) and normalised so that haproxy's and
//! portcullis' lines compare byte for byte: only the pid and the check
//! durations change (`(PID)` and `check duration: Nms`), nothing else.

/// The messages kept by [`state_lines`]: server state changes, check
/// results (`option log-health-checks`) and "no server available".
const KEPT: &[&str] = &[
    "Server ",
    "Backup Server ",
    "Health check for ",
    "Agent check for ",
    "backend '",
    "proxy '",
];

/// `line` with its `(pid)` and every `check duration: <n>ms` replaced by
/// `(PID)` and `check duration: Nms`.
pub fn normalise(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    // The pid: the first parenthesised number, in the line's prefix.
    if let (Some(open), Some(close)) = (rest.find(" ("), rest.find(") : ")) {
        let inner = &rest[open + 2..close];
        if open < close && !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&rest[..open + 2]);
            out.push_str("PID");
            rest = &rest[close..];
        }
    }
    const DUR: &str = "check duration: ";
    while let Some(at) = rest.find(DUR) {
        let after = &rest[at + DUR.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        out.push_str(&rest[..at + DUR.len()]);
        if digits > 0 && after[digits..].starts_with("ms") {
            out.push('N');
            rest = &after[digits..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The message of a `[LEVEL]  (PID) : message` line.
fn message(line: &str) -> Option<&str> {
    line.starts_with('[')
        .then(|| line.split_once(") : ").map(|(_, m)| m))
        .flatten()
}

/// The normalised lines of `output` that are server and check messages
/// (see [`KEPT`]), in order.
pub fn state_lines(output: &str) -> Vec<String> {
    output
        .lines()
        .filter(|l| message(l).is_some_and(|m| KEPT.iter().any(|k| m.starts_with(k))))
        .map(normalise)
        .collect()
}

/// The lines of `lines` about server `px/srv` (its state changes and check
/// results), in order.
pub fn lines_of(lines: &[String], px: &str, srv: &str) -> Vec<String> {
    let who = format!(" {px}/{srv} ");
    lines.iter().filter(|l| l.contains(&who)).cloned().collect()
}

/// A warning line as the proxies print it on stderr, normalised:
/// `[WARNING]  (PID) : <msg>`.
pub fn warning(msg: &str) -> String {
    format!("[WARNING]  (PID) : {msg}")
}

/// An alert line, normalised: `[ALERT]    (PID) : <msg>`.
pub fn alert(msg: &str) -> String {
    format!("[ALERT]    (PID) : {msg}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pid_and_durations_only() {
        let l = "[WARNING]  (30049) : Server http_nolog/silent is DOWN, reason: Layer7 timeout, check duration: 501ms. 0 active and 0 backup servers left.";
        assert_eq!(
            normalise(l),
            "[WARNING]  (PID) : Server http_nolog/silent is DOWN, reason: Layer7 timeout, check duration: Nms. 0 active and 0 backup servers left."
        );
        let h = "[WARNING]  (7) : Health check for server a/b (x) succeeded, check duration: 0ms, status: 3/3 UP.";
        assert_eq!(
            normalise(h),
            "[WARNING]  (PID) : Health check for server a/b (x) succeeded, check duration: Nms, status: 3/3 UP."
        );
        let out = format!(
            "[NOTICE]   (7) : haproxy version is 2.6.12\n{l}\n   | continued\n[ALERT]    (7) : backend 'x' has no server available!\n"
        );
        let lines = state_lines(&out);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1], alert("backend 'x' has no server available!"));
        assert_eq!(lines_of(&lines, "http_nolog", "silent").len(), 1);
        assert!(lines_of(&lines, "http", "silent").is_empty());
    }
}
