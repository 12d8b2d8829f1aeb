//! Running one checker on one file: a scratch directory holding only that
//! file, a cleared environment, and the output normalised (pids replaced,
//! the version/executable NOTICE lines dropped, as they differ by design).

use crate::compare::Outcome;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// A fresh, empty directory under the system temp dir, removed on drop.
#[derive(Debug)]
pub struct Scratch {
    pub dir: PathBuf,
}

impl Scratch {
    pub fn new(tag: &str) -> std::io::Result<Scratch> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "portcullis-compat-{}-{}-{}",
            tag,
            std::process::id(),
            n
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        Ok(Scratch { dir })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs `<checker> -c -f <name>` in a scratch directory holding a copy of
/// `config` under its own file name.
pub fn run_check(checker: &Path, config: &Path) -> std::io::Result<Outcome> {
    run_check_with(checker, config, &[])
}

/// [`run_check`] with extra options before `-c` (`-V` to see through a
/// configuration's `quiet`).
pub fn run_check_with(checker: &Path, config: &Path, extra: &[&str]) -> std::io::Result<Outcome> {
    let scratch = Scratch::new("run")?;
    let name = config
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "haproxy.cfg".to_string());
    std::fs::copy(config, scratch.dir.join(&name))?;
    let mut cmd = Command::new(checker);
    cmd.args(extra)
        .args(["-c", "-f", &name])
        .current_dir(&scratch.dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env(
            "LANG",
            std::env::var_os("LANG").unwrap_or_else(|| "C".into()),
        );
    let out = cmd.output()?;
    Ok(Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect(),
        stderr: normalise(&String::from_utf8_lossy(&out.stderr)),
    })
}

/// Replaces the pid in `[LABEL]    (1234) : ` with `PID` and drops the two
/// start-up NOTICE lines (version and executable path).
pub fn normalise(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .map(replace_pid)
        .filter(|l| {
            !(l.starts_with("[NOTICE]   (PID) : haproxy version is ")
                || l.starts_with("[NOTICE]   (PID) : path to executable is "))
        })
        .collect()
}

fn replace_pid(line: &str) -> String {
    if !line.starts_with('[') {
        return line.to_string();
    }
    let Some(open) = line.find(" (") else {
        return line.to_string();
    };
    let rest = &line[open + 2..];
    match rest.find(") : ") {
        Some(close) if close > 0 && rest[..close].bytes().all(|b| b.is_ascii_digit()) => {
            format!("{} (PID{}", &line[..open], &rest[close..])
        }
        _ => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pids_are_replaced_and_startup_notices_dropped() {
        let raw = "[NOTICE]   (42) : haproxy version is 2.6.12-1+deb12u4\n\
                   [NOTICE]   (42) : path to executable is /usr/sbin/haproxy\n\
                   [ALERT]    (42) : config : parsing [x.cfg:3] : unknown keyword 'foo' in 'frontend' section\n\
                   [NOTICE]   (42) : config : parsing [x.cfg:9]: 'hello'.\n\
                   \x20  | continuation (1) : kept\n";
        assert_eq!(
            normalise(raw),
            [
                "[ALERT]    (PID) : config : parsing [x.cfg:3] : unknown keyword 'foo' in 'frontend' section",
                "[NOTICE]   (PID) : config : parsing [x.cfg:9]: 'hello'.",
                "   | continuation (1) : kept",
            ]
        );
    }
}
