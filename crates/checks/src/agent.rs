//! The agent's reply (haproxy's `tcpcheck_agent_expect_reply`): one line
//! up to the first CR or LF, words separated by spaces, tabs or commas,
//! optionally followed by `#` and a description. Words: `N%` (weight
//! relative to the configured weight), `maxconn:N`, `ready`, `drain`,
//! `maint`, `up`, `down`, `stopped`, `fail` (case-insensitive). Within a
//! category the last word wins; anything else is an error word, of which
//! the first is reported.

use crate::status::Status;

/// One command of an agent reply, in the order haproxy applies them:
/// admin state, then weight, then maxconn, then health.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgentCmd {
    /// Set the user weight to this percentage of the configured weight
    /// (see [`agent_weight`]).
    Weight(u32),
    MaxConn(u32),
    /// Leave drain and maintenance.
    Ready,
    Drain,
    Maint,
    /// `down`, `stopped` or `fail`, with the description after `#`.
    Down(Option<String>),
    Up,
}

/// The full evaluation of a complete reply line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentReply {
    pub cmds: Vec<AgentCmd>,
    /// `L7OK` for `up`, `L7STS` for `down`/`stopped`/`fail`, else
    /// `CHECKED` (no status change).
    pub status: Status,
    /// haproxy's message: `via agent : down (reason)`, `agent reports an
    /// error : foo`, `agent warns : ...`, or nothing.
    pub info: Option<String>,
}

/// The weight a `N%` reply gives a server of configured weight `iweight`
/// (`server_parse_weight_change_request`): at most 256.
pub fn agent_weight(iweight: u32, percent: u32) -> u32 {
    let w = u64::from(percent.min(25600)) * u64::from(iweight) / 100;
    w.min(256) as u32
}

/// The reply line's commands (input: the line, or the data read so far).
pub fn parse_agent_reply(line: &[u8]) -> Vec<AgentCmd> {
    evaluate(line_of(line).unwrap_or(line), 1, false).cmds
}

/// The line before the first CR or LF; `None` while it is incomplete (a
/// NUL ends the data as in haproxy's C string).
pub(crate) fn line_of(data: &[u8]) -> Option<&[u8]> {
    let end = data.iter().position(|&b| matches!(b, 0 | b'\r' | b'\n'))?;
    (data[end] != 0).then_some(&data[..end])
}

/// `strtol` on a word: the value and the rest after the digits; `None`
/// when no digit was read.
fn strtol(s: &[u8]) -> Option<(i64, &[u8])> {
    let mut i = 0;
    while i < s.len() && matches!(s[i], b' ' | b'\t') {
        i += 1;
    }
    let neg = s.get(i) == Some(&b'-');
    if matches!(s.get(i), Some(b'-' | b'+')) {
        i += 1;
    }
    let start = i;
    let mut v: i64 = 0;
    while let Some(d) = s.get(i).filter(|c| c.is_ascii_digit()) {
        v = v.saturating_mul(10).saturating_add(i64::from(d - b'0'));
        i += 1;
    }
    (i > start).then_some((if neg { -v } else { v }, &s[i..]))
}

/// `server_parse_weight_change_request` for a word that starts with a digit
/// and contains `%`: the percentage, or haproxy's warning text.
/// `static_lb`: the backend's algorithm cannot change weights at run time.
fn weight_word(word: &[u8], iweight: u32, static_lb: bool) -> Result<u32, &'static str> {
    let Some((w, end)) = strtol(word) else {
        return Err("Empty weight string empty or preceded by garbage");
    };
    let (pct, abs) = if end == b"%" {
        if w < 0 {
            return Err("Relative weight must be positive.\n");
        }
        let pct = w.min(25600) as u32;
        (pct, agent_weight(iweight, pct))
    } else if !(0..=256).contains(&w) {
        return Err("Absolute weight can only be between 0 and 256 inclusive.\n");
    } else {
        return Err("Trailing garbage in weight string");
    };
    if static_lb && abs != 0 && abs != iweight {
        return Err(
            "Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.\n",
        );
    }
    Ok(pct)
}

/// `server_parse_maxconn_change_request`.
fn maxconn_word(v: &[u8]) -> Result<u32, &'static str> {
    match strtol(v) {
        None => Err("maxconn string empty"),
        Some((_, rest)) if !rest.is_empty() => Err("Trailing garbage in maxconn string"),
        Some((n, _)) => Ok(n.clamp(0, i64::from(u32::MAX)) as u32),
    }
}

fn lossy(b: &[u8]) -> String {
    b.iter().map(|&c| char::from(c)).collect()
}

/// Evaluates a complete line as haproxy does.
pub(crate) fn evaluate(line: &[u8], iweight: u32, static_lb: bool) -> AgentReply {
    let mut health: Option<(&[u8], Status)> = None;
    let (mut admin, mut weight, mut maxconn, mut err) = (None, None, None, None);
    let mut desc: &[u8] = b"";
    let mut i = 0;
    while i < line.len() {
        let c = line[i];
        if matches!(c, b' ' | b'\t' | b',') {
            i += 1;
            continue;
        }
        if c == b'#' {
            let mut j = i + 1;
            while j < line.len() && matches!(line[j], b' ' | b'\t') {
                j += 1;
            }
            desc = &line[j..];
            break;
        }
        let mut end = i + 1;
        while end < line.len() && !matches!(line[end], b'\t' | b' ' | b'\n' | b',') {
            end += 1;
        }
        let word = &line[i..end];
        let lower = word.to_ascii_lowercase();
        match lower.as_slice() {
            b"up" => health = Some((word, Status::L7Ok)),
            b"down" | b"stopped" | b"fail" => health = Some((word, Status::L7Sts)),
            b"ready" | b"drain" | b"maint" => admin = Some(lower),
            _ if c.is_ascii_digit() && word.contains(&b'%') => weight = Some(word),
            _ if lower.starts_with(b"maxconn:") => maxconn = Some(&word[8..]),
            _ => err = err.or(Some(word)),
        }
        i = end + 1;
    }
    while let Some((b' ' | b'\n', rest)) = desc.split_first() {
        desc = rest;
    }
    let mut cmds = Vec::new();
    match admin.as_deref() {
        Some(b"drain") => cmds.push(AgentCmd::Drain),
        Some(b"maint") => cmds.push(AgentCmd::Maint),
        Some(_) => cmds.push(AgentCmd::Ready),
        None => {}
    }
    let mut wrn: Option<&str> = None;
    if let Some(w) = weight {
        match weight_word(w, iweight, static_lb) {
            Ok(p) => cmds.push(AgentCmd::Weight(p)),
            Err(m) => wrn = Some(m),
        }
    }
    if let Some(m) = maxconn {
        match maxconn_word(m) {
            Ok(n) => cmds.push(AgentCmd::MaxConn(n)),
            Err(m) => wrn = wrn.or(Some(m)),
        }
    }
    let (status, info) = match health {
        Some((word, status)) => {
            let mut msg = lossy(desc);
            if msg.is_empty() || status == Status::L7Ok {
                if let Some(e) = err {
                    msg = lossy(e);
                } else if let Some(w) = wrn {
                    msg = w.to_string();
                }
            }
            cmds.push(if status == Status::L7Ok {
                AgentCmd::Up
            } else {
                AgentCmd::Down((!desc.is_empty()).then(|| lossy(desc)))
            });
            let info = if msg.is_empty() {
                format!("via agent : {}", lossy(word))
            } else {
                format!("via agent : {} ({msg})", lossy(word))
            };
            (status, Some(info))
        }
        None => match (err, wrn) {
            (Some(e), _) => (
                Status::Checked,
                Some(format!("agent reports an error : {}", lossy(e))),
            ),
            (None, Some(w)) => (Status::Checked, Some(format!("agent warns : {w}"))),
            (None, None) => (Status::Checked, None),
        },
    };
    AgentReply { cmds, status, info }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, cmds: &[AgentCmd], status: Status, info: Option<&str>) {
        let r = evaluate(line.as_bytes(), 10, false);
        assert_eq!(r.cmds, cmds, "{line}");
        assert_eq!((r.status, r.info.as_deref()), (status, info), "{line}");
    }

    #[test]
    fn replies_observed_on_haproxy() {
        use AgentCmd::*;
        // Infos and statuses of these replies were logged by haproxy 2.6.12.
        check("up", &[Up], Status::L7Ok, Some("via agent : up"));
        check(
            "down",
            &[Down(None)],
            Status::L7Sts,
            Some("via agent : down"),
        );
        check(
            "stopped, fail",
            &[Down(None)],
            Status::L7Sts,
            Some("via agent : fail"),
        );
        check(
            "up 5x%",
            &[Up],
            Status::L7Ok,
            Some("via agent : up (Trailing garbage in weight string)"),
        );
        check(
            "up 75% maxconn:10",
            &[Weight(75), MaxConn(10), Up],
            Status::L7Ok,
            Some("via agent : up"),
        );
        check("50%", &[Weight(50)], Status::Checked, None);
        check("drain", &[Drain], Status::Checked, None);
        check("maint", &[Maint], Status::Checked, None);
        check("", &[], Status::Checked, None);
        // `down#going away`: '#' only starts a description after a
        // separator, so this is one unknown word (no state change was
        // logged by haproxy).
        check(
            "down#going away",
            &[],
            Status::Checked,
            Some("agent reports an error : down#going"),
        );
        check(
            "foo bar",
            &[],
            Status::Checked,
            Some("agent reports an error : foo"),
        );
    }

    #[test]
    fn descriptions_and_precedence() {
        use AgentCmd::*;
        check(
            "down #  disk full",
            &[Down(Some("disk full".into()))],
            Status::L7Sts,
            Some("via agent : down (disk full)"),
        );
        check(
            "DOWN",
            &[Down(None)],
            Status::L7Sts,
            Some("via agent : DOWN"),
        );
        check(
            "ready\tUp,80%",
            &[Ready, Weight(80), Up],
            Status::L7Ok,
            Some("via agent : Up"),
        );
        check(
            "up # fine",
            &[Up],
            Status::L7Ok,
            Some("via agent : up (fine)"),
        );
        check(
            "up junk # fine",
            &[Up],
            Status::L7Ok,
            Some("via agent : up (junk)"),
        );
        check(
            "maxconn:x",
            &[],
            Status::Checked,
            Some("agent warns : maxconn string empty"),
        );
        check(
            "maxconn:5x",
            &[],
            Status::Checked,
            Some("agent warns : Trailing garbage in maxconn string"),
        );
        check(
            "300%x",
            &[],
            Status::Checked,
            Some("agent warns : Absolute weight can only be between 0 and 256 inclusive.\n"),
        );
        check("drain maint ready", &[Ready], Status::Checked, None);
    }

    #[test]
    fn weights() {
        // Observed: 50% of weight 10 gave 5, 75% gave 7; 75% of 1 gave 0.
        assert_eq!(agent_weight(10, 50), 5);
        assert_eq!(agent_weight(10, 75), 7);
        assert_eq!(agent_weight(1, 75), 0);
        assert_eq!(agent_weight(1, 300), 3);
        assert_eq!(agent_weight(200, 1000), 256);
        let r = evaluate(b"50%", 10, true);
        assert_eq!(r.cmds, vec![]);
        assert_eq!(r.info.as_deref(), Some("agent warns : Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.\n"));
        assert_eq!(
            evaluate(b"100%", 10, true).cmds,
            vec![AgentCmd::Weight(100)]
        );
    }

    #[test]
    fn lines() {
        assert_eq!(line_of(b"up\r\nx"), Some(&b"up"[..]));
        assert_eq!(line_of(b"up"), None);
        assert_eq!(line_of(b"up\0\n"), None);
        assert_eq!(
            parse_agent_reply(b"drain 10%\n"),
            vec![AgentCmd::Drain, AgentCmd::Weight(10)]
        );
    }
}
