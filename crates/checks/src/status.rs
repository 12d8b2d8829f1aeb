//! Check status codes (haproxy's `enum healthcheck_status` and its
//! `check_statuses` table) and the result of one check run.

/// A check status, as shown in the stats `check_status` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Unk,
    Ini,
    SockErr,
    L4Ok,
    L4Tout,
    L4Con,
    L6Ok,
    L6Tout,
    L6Rsp,
    L7Tout,
    L7Rsp,
    L7Ok,
    L7OkC,
    L7Sts,
    ProcErr,
    ProcTout,
    ProcOk,
    Checked,
    Hana,
}

/// What a status means for the health counter (haproxy's `CHK_RES_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// No result yet (`UNK`, `INI`).
    Unknown,
    /// Counts neither way (`CHECKED`).
    Neutral,
    Failed,
    Passed,
    /// Passed, but the server should stop taking new traffic (`L7OKC`).
    CondPassed,
}

impl Status {
    /// The short name (`L4OK`).
    pub fn name(self) -> &'static str {
        self.entry().0
    }

    /// The description used after `reason:` and in `check_desc`.
    pub fn desc(self) -> &'static str {
        self.entry().1
    }

    /// What the status means for the health counter.
    pub fn verdict(self) -> Verdict {
        self.entry().2
    }

    /// Passed, conditionally or not.
    pub fn is_pass(self) -> bool {
        matches!(self.verdict(), Verdict::Passed | Verdict::CondPassed)
    }

    /// `L7OKC`: passed, but asks for the stopping (NOLB) state.
    pub fn is_conditional(self) -> bool {
        self == Status::L7OkC
    }

    /// Whether layer 5-7 data were seen (haproxy's `>= HCHK_STATUS_L57DATA`):
    /// only then are check codes printed, and only then does an agent's
    /// failure count against its health.
    pub fn has_l7_data(self) -> bool {
        matches!(
            self,
            Status::L7Ok
                | Status::L7OkC
                | Status::L7Sts
                | Status::ProcErr
                | Status::ProcTout
                | Status::ProcOk
        )
    }

    /// The status named `name` (`L7OK`), as in `ok-status` arguments.
    pub fn from_name(name: &str) -> Option<Status> {
        ALL.iter().copied().find(|s| s.name() == name)
    }

    fn entry(self) -> (&'static str, &'static str, Verdict) {
        use Verdict::*;
        match self {
            Status::Unk => ("UNK", "Unknown", Unknown),
            Status::Ini => ("INI", "Initializing", Unknown),
            Status::SockErr => ("SOCKERR", "Socket error", Failed),
            Status::L4Ok => ("L4OK", "Layer4 check passed", Passed),
            Status::L4Tout => ("L4TOUT", "Layer4 timeout", Failed),
            Status::L4Con => ("L4CON", "Layer4 connection problem", Failed),
            Status::L6Ok => ("L6OK", "Layer6 check passed", Passed),
            Status::L6Tout => ("L6TOUT", "Layer6 timeout", Failed),
            Status::L6Rsp => ("L6RSP", "Layer6 invalid response", Failed),
            Status::L7Tout => ("L7TOUT", "Layer7 timeout", Failed),
            Status::L7Rsp => ("L7RSP", "Layer7 invalid response", Failed),
            Status::L7Ok => ("L7OK", "Layer7 check passed", Passed),
            Status::L7OkC => ("L7OKC", "Layer7 check conditionally passed", CondPassed),
            Status::L7Sts => ("L7STS", "Layer7 wrong status", Failed),
            Status::ProcErr => ("PROCERR", "External check error", Failed),
            Status::ProcTout => ("PROCTOUT", "External check timeout", Failed),
            Status::ProcOk => ("PROCOK", "External check passed", Passed),
            Status::Checked => ("CHECKED", "No status change", Neutral),
            Status::Hana => ("HANA", "Health analyze", Failed),
        }
    }
}

const ALL: [Status; 19] = [
    Status::Unk,
    Status::Ini,
    Status::SockErr,
    Status::L4Ok,
    Status::L4Tout,
    Status::L4Con,
    Status::L6Ok,
    Status::L6Tout,
    Status::L6Rsp,
    Status::L7Tout,
    Status::L7Rsp,
    Status::L7Ok,
    Status::L7OkC,
    Status::L7Sts,
    Status::ProcErr,
    Status::ProcTout,
    Status::ProcOk,
    Status::Checked,
    Status::Hana,
];

/// The result of one check run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub status: Status,
    /// The check code (HTTP status, SMTP reply code, MySQL error, ...):
    /// `Some` exactly for the statuses that print it (`has_l7_data`).
    pub code: Option<i32>,
    /// haproxy's `check->desc`: at most 127 bytes, cut at the first NUL.
    /// Each byte of the server's reply is one `char` (Latin-1), so that
    /// messages can escape bytes as haproxy does; `None` when empty.
    pub info: Option<String>,
    pub duration_ms: u64,
}

impl Outcome {
    /// An outcome with haproxy's storage rules applied to `info` and `code`.
    pub fn new(status: Status, code: i32, info: &[u8], duration_ms: u64) -> Outcome {
        Outcome {
            status,
            code: status.has_l7_data().then_some(code),
            info: desc_text(info),
            duration_ms,
        }
    }
}

/// haproxy's `HCHK_DESC_LEN` is 128 with the NUL: the text is a C string.
pub(crate) const DESC_MAX: usize = 127;

/// `strncpy(check->desc, desc, HCHK_DESC_LEN-1)`: cut at NUL, then at 127.
pub(crate) fn desc_text(info: &[u8]) -> Option<String> {
    let end = info.iter().position(|&b| b == 0).unwrap_or(info.len());
    let info = &info[..end.min(DESC_MAX)];
    (!info.is_empty()).then(|| info.iter().map(|&b| char::from(b)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_descriptions_are_haproxys() {
        let table: Vec<String> = ALL
            .iter()
            .map(|s| format!("{} {}", s.name(), s.desc()))
            .collect();
        assert_eq!(
            table.join(" · "),
            "UNK Unknown · INI Initializing · SOCKERR Socket error · L4OK Layer4 check passed · \
             L4TOUT Layer4 timeout · L4CON Layer4 connection problem · L6OK Layer6 check passed · \
             L6TOUT Layer6 timeout · L6RSP Layer6 invalid response · L7TOUT Layer7 timeout · \
             L7RSP Layer7 invalid response · L7OK Layer7 check passed · \
             L7OKC Layer7 check conditionally passed · L7STS Layer7 wrong status · \
             PROCERR External check error · PROCTOUT External check timeout · \
             PROCOK External check passed · CHECKED No status change · HANA Health analyze"
        );
        assert_eq!(Status::from_name("L6OK"), Some(Status::L6Ok));
        assert_eq!(Status::from_name("l6ok"), None);
    }

    #[test]
    fn desc_is_a_c_string_of_127_bytes() {
        assert_eq!(desc_text(b"FATAL\0C28000"), Some("FATAL".into()));
        assert_eq!(desc_text(b""), None);
        assert_eq!(desc_text(b"\0x"), None);
        let long = [b'a'; 200];
        assert_eq!(desc_text(&long).map(|s| s.len()), Some(127));
        assert_eq!(desc_text(b"-\x80\xff"), Some("-\u{80}\u{ff}".into()));
    }

    #[test]
    fn codes_only_for_layer7_data() {
        assert_eq!(Outcome::new(Status::L7Rsp, 5, b"", 0).code, None);
        assert_eq!(Outcome::new(Status::L7Ok, 0, b"x", 0).code, Some(0));
        assert!(Status::L7OkC.is_pass() && Status::L7OkC.is_conditional());
        assert!(!Status::Checked.is_pass());
    }
}
