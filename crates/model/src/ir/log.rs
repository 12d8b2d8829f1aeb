//! `log` targets, shared by global, proxies and `log-forward`: where a log
//! line goes, with which syslog facility and level filter, in which wire
//! format, truncated to which length and sampled how.

use crate::dump::{field, Dumper};
use std::net::SocketAddr;
use syntax::Span;

/// Where log lines are sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogDest {
    /// UDP syslog (`ip[:port]`, `udp@`, a resolved host name); port 514
    /// when none was given.
    Udp(SocketAddr),
    /// A TCP stream (`tcp@`), through an implicit ring.
    Tcp(SocketAddr),
    /// A UNIX datagram socket (`/dev/log`, `unix@path`).
    Unix(String),
    /// An abstract-namespace UNIX socket (`abns@name`).
    Abns(String),
    /// An inherited file descriptor; `stdout`/`stderr` are fd 1 and 2.
    Fd(i32),
    /// A `ring` section (`ring@name`), checked once every section is known.
    Ring(String),
}

/// The syslog wire format (`format <fmt>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LogFormat {
    #[default]
    Local,
    Rfc3164,
    Rfc5424,
    Priority,
    Short,
    Timed,
    Iso,
    Raw,
}

impl LogFormat {
    pub const ALL: [(&'static str, LogFormat); 8] = [
        ("local", LogFormat::Local),
        ("rfc3164", LogFormat::Rfc3164),
        ("rfc5424", LogFormat::Rfc5424),
        ("priority", LogFormat::Priority),
        ("short", LogFormat::Short),
        ("timed", LogFormat::Timed),
        ("iso", LogFormat::Iso),
        ("raw", LogFormat::Raw),
    ];
    pub fn from_name(name: &str) -> Option<LogFormat> {
        LogFormat::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f)
    }
    pub fn as_str(self) -> &'static str {
        LogFormat::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("local", |(n, _)| n)
    }
}

/// syslog facilities in code order (`kern` is 0, `local7` is 23).
pub const FACILITIES: [&str; 24] = [
    "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "auth2",
    "ftp", "ntp", "audit", "alert", "cron2", "local0", "local1", "local2", "local3", "local4",
    "local5", "local6", "local7",
];

/// syslog levels in code order (`emerg` is 0, `debug` is 7).
pub const LEVELS: [&str; 8] = [
    "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
];

/// `sample <ranges>:<size>`: of every `size` lines, only those whose rank
/// (1-based) falls in one of the inclusive ranges are sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogSample {
    pub ranges: Vec<(u32, u32)>,
    pub size: u32,
}

/// One `log` target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogTarget {
    pub span: Option<Span>,
    pub dest: LogDest,
    /// The address as written, for messages and `show` output.
    pub raw: String,
    /// syslog facility code (0..=23).
    pub facility: u8,
    /// Lines less important than this level are dropped (default `debug`).
    pub max_level: u8,
    /// Lines more important than this level are sent at this level
    /// (default `emerg`, i.e. no change).
    pub min_level: u8,
    pub format: LogFormat,
    /// Maximum line length (`len`), 1024 by default.
    pub len: u32,
    pub sample: Option<LogSample>,
}

impl LogTarget {
    pub fn dump(&self, d: &mut Dumper) {
        let dest = match &self.dest {
            LogDest::Udp(a) => format!("udp@{a}"),
            LogDest::Tcp(a) => format!("tcp@{a}"),
            LogDest::Unix(p) => format!("unix@{p}"),
            LogDest::Abns(p) => format!("abns@{p}"),
            LogDest::Fd(n) => format!("fd@{n}"),
            LogDest::Ring(r) => format!("ring@{r}"),
        };
        let name = |table: &[&'static str], i: u8| table.get(i as usize).copied().unwrap_or("?");
        let mut s = format!("log {dest} {}", name(&FACILITIES, self.facility));
        s.push_str(&format!(
            " levels={}..{}",
            name(&LEVELS, self.min_level),
            name(&LEVELS, self.max_level)
        ));
        if self.format != LogFormat::Local {
            field(&mut s, "format", Some(self.format.as_str()));
        }
        field(&mut s, "len", Some(self.len));
        if let Some(sample) = &self.sample {
            let ranges: Vec<String> = sample
                .ranges
                .iter()
                .map(|(a, b)| format!("{a}-{b}"))
                .collect();
            field(
                &mut s,
                "sample",
                Some(format!("{}:{}", ranges.join(","), sample.size)),
            );
        }
        d.line(s);
    }
}
