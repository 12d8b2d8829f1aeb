//! The `log` directive in `global` and in proxies (haproxy's
//! `parse_logsrv`): `log global`, `no log` and
//! `log <target> [len <n>] [format <fmt>] [sample <ranges>:<size>]
//! <facility> [<max level> [<min level>]]`, checked in haproxy's order so the
//! first error reported is the same.

#[path = "log_target.rs"]
mod target;

use crate::cx::{Current, Cx};
use crate::ir::log::{LogFormat, LogSample, LogTarget, FACILITIES, LEVELS};
use crate::registry::{Keyword, Sections, Support};
use syntax::{Line, Modifier};

pub(crate) static KEYWORDS: &[Keyword] = &[Keyword {
    name: "log",
    sections: Sections::GLOBAL.union(Sections::PROXY),
    support: Support::Supported,
    lower: lower_log,
    summary:
        "syslog targets: address, len, format, sample, facility, levels; `log global`, `no log`",
}];

/// haproxy's default maximum log line length.
const DEFAULT_LEN: u32 = 1024;

/// The log list the current section writes to.
fn logs<'c>(cx: &'c mut Cx) -> Option<&'c mut Vec<LogTarget>> {
    match cx.cur {
        Current::Global => Some(&mut cx.cfg.global.logs),
        Current::Proxy(i) => cx.cfg.proxies.get_mut(i).map(|p| &mut p.logs),
        Current::Defaults(i) => cx.cfg.defaults.get_mut(i).map(|p| &mut p.logs),
        _ => None,
    }
}

fn lower_log(cx: &mut Cx, line: &Line) {
    let in_global = cx.cur == Current::Global;
    if line.modifier == Modifier::No {
        if !line.word(1).is_empty() {
            cx.parse_fatal(line, "log : 'no log' does not expect arguments");
        } else if let Some(list) = logs(cx) {
            list.clear();
        }
        return;
    }
    if line.word(1) == "global" && line.word(2).is_empty() {
        if in_global {
            cx.parse_fatal(
                line,
                "log : 'global' is not supported for a global syslog server",
            );
        } else {
            let copies = cx.cfg.global.logs.clone();
            if let Some(list) = logs(cx) {
                list.extend(copies);
            }
        }
        return;
    }
    if line.word(1).is_empty() || line.word(2).is_empty() {
        let or_global = if in_global { "" } else { "or global" };
        cx.parse_fatal(
            line,
            format!("log : expects <address> and <facility> {or_global} as arguments"),
        );
        return;
    }
    match parse_target(cx, line) {
        Ok(t) => {
            if let Some(list) = logs(cx) {
                list.push(t);
            }
        }
        Err(msg) => cx.parse_fatal(line, format!("log : {msg}")),
    }
}

/// Everything after the address, then the address itself, in haproxy's
/// order of checks.
fn parse_target(cx: &mut Cx, line: &Line) -> Result<LogTarget, String> {
    let mut arg = 2;
    let mut len = DEFAULT_LEN;
    let mut format = LogFormat::Local;
    let mut sample = None;
    if line.word(arg) == "len" {
        let text = line.word(arg + 1);
        let v = crate::units::atoi(&text);
        if !(80..=65535).contains(&v) {
            return Err(format!(
                "invalid log length '{text}', must be between 80 and 65535"
            ));
        }
        len = v as u32;
        arg += 2;
    }
    if line.word(arg) == "format" {
        let text = line.word(arg + 1);
        format = LogFormat::from_name(&text).ok_or(format!("unknown log format '{text}'"))?;
        arg += 2;
    }
    if line.word(arg) == "sample" {
        sample = Some(parse_sample(&line.word(arg + 1))?);
        arg += 2;
    }
    let fac = line.word(arg);
    let facility = position(&FACILITIES, &fac).ok_or(format!("unknown log facility '{fac}'"))?;
    let mut max_level = 7;
    let mut min_level = 0;
    let lvl = line.word(arg + 1);
    if !lvl.is_empty() {
        max_level = position(&LEVELS, &lvl).ok_or(format!("unknown optional log level '{lvl}'"))?;
        let min = line.word(arg + 2);
        if !min.is_empty() {
            min_level = position(&LEVELS, &min)
                .ok_or(format!("unknown optional minimum log level '{min}'"))?;
        }
    }
    let extra = line.word(arg + 3);
    if !extra.is_empty() {
        return Err(format!("cannot handle unexpected argument '{extra}'"));
    }
    let raw = line.word(1).into_owned();
    let dest = target::parse(cx.host, &raw)?;
    Ok(LogTarget {
        span: Some(line.span),
        dest,
        raw,
        facility,
        max_level,
        min_level,
        format,
        len,
        sample,
    })
}

fn position(table: &[&str], word: &str) -> Option<u8> {
    table.iter().position(|n| *n == word).map(|i| i as u8)
}

/// `<range>[,<range>...]:<size>` where a range is `n` or `low-high`.
fn parse_sample(text: &str) -> Result<LogSample, String> {
    let Some((list, size_text)) = text.split_once(':') else {
        return Err("Missing sample size".to_string());
    };
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for item in list.split(',').filter(|s| !s.is_empty()) {
        let bad = || format!("wrong sample range '{item}'");
        let (lo, hi) = match item.split_once('-') {
            Some((a, b)) => (
                strict_uint(a).ok_or_else(bad)?,
                strict_uint(b).ok_or_else(bad)?,
            ),
            None => {
                let v = strict_uint(item).ok_or_else(bad)?;
                (v, v)
            }
        };
        if lo == 0 || lo > hi {
            return Err(bad());
        }
        ranges.push((lo, hi));
    }
    if ranges.is_empty() {
        return Err("no sampling ranges given".to_string());
    }
    ranges.sort_unstable();
    if ranges.windows(2).any(|w| w[0].1 >= w[1].0) {
        return Err("ranges are overlapping".to_string());
    }
    let size = strict_uint(size_text).filter(|s| *s > 0).ok_or(format!(
        "wrong sample size '{size_text}' for sample range '{list}'"
    ))?;
    let max_high = ranges.iter().map(|r| r.1).max().unwrap_or(0);
    if size < max_high {
        return Err(format!(
            "sample size {size} should be greater or equal to {max_high} the maximum of the high ranges limits"
        ));
    }
    Ok(LogSample { ranges, size })
}

/// A whole word of digits as an unsigned integer.
fn strict_uint(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use crate::host::SystemLikeHost;
    use crate::{Builder, Options};

    /// Lowers `body` under `global` and returns the diagnostics and dump.
    fn check(body: &str, expected: &[&str]) {
        let host = SystemLikeHost {
            hosts: vec![("localhost".into(), "127.0.0.1".parse().unwrap())],
            ..Default::default()
        };
        let mut b = Builder::new(&host, Options::default(), Default::default());
        b.add_file("t.cfg", format!("global\n{body}\n").as_bytes());
        let (cfg, diags) = b.finish();
        let mut got: Vec<String> = diags.list.iter().map(|d| d.text.clone()).collect();
        let mut d = crate::dump::Dumper::new();
        for l in &cfg.global.logs {
            l.dump(&mut d);
        }
        got.extend(d.finish().lines().map(str::to_string));
        assert_eq!(got, expected);
    }

    #[test]
    fn targets() {
        check(
            "log 127.0.0.1 local2",
            &["log udp@127.0.0.1:514 local2 levels=emerg..debug len=1024"],
        );
        check(
            "log localhost:1514 len 2048 format rfc3164 local0 info notice",
            &["log udp@127.0.0.1:1514 local0 levels=notice..info format=rfc3164 len=2048"],
        );
        check(
            "log stdout format raw local0",
            &["log fd@1 local0 levels=emerg..debug format=raw len=1024"],
        );
        check(
            "log /dev/log local1 notice",
            &["log unix@/dev/log local1 levels=emerg..notice len=1024"],
        );
        check(
            "log 127.0.0.1 sample 3,1:4 local0",
            &["log udp@127.0.0.1:514 local0 levels=emerg..debug len=1024 sample=1-1,3-3:4"],
        );
    }

    #[test]
    fn errors() {
        let cases = [
            ("log", "log : expects <address> and <facility>  as arguments"),
            ("log global", "log : 'global' is not supported for a global syslog server"),
            ("log 1.2.3.4 len 70000 local0", "log : invalid log length '70000', must be between 80 and 65535"),
            ("log 1.2.3.4 format foo local0", "log : unknown log format 'foo'"),
            ("log 1.2.3.4 bogus", "log : unknown log facility 'bogus'"),
            ("log 1.2.3.4 local0 bogus", "log : unknown optional log level 'bogus'"),
            ("log 1.2.3.4 local0 info x", "log : unknown optional minimum log level 'x'"),
            ("log 1.2.3.4 local0 info info x", "log : cannot handle unexpected argument 'x'"),
            ("log 1.2.3.4 sample 1-3,2:4 local0", "log : ranges are overlapping"),
            ("log 1.2.3.4 sample 3:2 local0", "log : sample size 2 should be greater or equal to 3 the maximum of the high ranges limits"),
            ("log 1.2.3.4 sample 1:x local0", "log : wrong sample size 'x' for sample range '1'"),
            ("log 1.2.3.4 sample 1 local0", "log : Missing sample size"),
            ("log 1.2.3.4:99999 local0", "log : invalid port '99999'"),
            ("log 1.2.3.4:1-2 local0", "log : port range not permitted here in '1.2.3.4:1-2'"),
            ("log nohost.invalid local0", "log : invalid address: 'nohost.invalid' in 'nohost.invalid'\n"),
            ("log fd@x local0", "log : file descriptor 'x' is not a valid integer in 'fd@x'\n"),
        ];
        for (body, msg) in cases {
            check(body, &[&format!("parsing [t.cfg:2] : {msg}")]);
        }
    }
}
