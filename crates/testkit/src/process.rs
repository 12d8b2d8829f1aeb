//! `ProcGuard`: owns a spawned proxy process. Its stdout and stderr go to a
//! file so tests can assert on them; dropping the guard kills the process
//! (SIGKILL) and reaps it, so a failing test never leaks a proxy.

use crate::procfs;
use crate::wait::try_wait_until;
use std::ffi::OsStr;
use std::fs::File;
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::Duration;

/// A running child process, killed and reaped on drop.
#[derive(Debug)]
pub struct ProcGuard {
    child: Child,
    output: PathBuf,
    status: Option<ExitStatus>,
}

/// Why a process did not become ready.
#[derive(Debug)]
pub enum NotReady {
    /// It exited first, with this status.
    Exited(ExitStatus),
    /// The deadline passed.
    Timeout,
}

impl ProcGuard {
    /// Spawns `program args...` with stdin closed and stdout plus stderr
    /// appended to the file `output`.
    pub fn spawn<I, S>(program: &Path, args: I, output: &Path) -> io::Result<Self>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let out = File::create(output)?;
        let err = out.try_clone()?;
        let child = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::from(out))
            .stderr(Stdio::from(err))
            .spawn()?;
        Ok(ProcGuard {
            child,
            output: output.to_path_buf(),
            status: None,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Everything the process wrote to stdout and stderr so far.
    pub fn output(&self) -> String {
        std::fs::read_to_string(&self.output).unwrap_or_default()
    }

    /// Sends signal `sig` (e.g. `libc::SIGUSR1`), unless it was reaped.
    pub fn signal(&mut self, sig: i32) {
        if self.try_status().is_some() {
            return;
        }
        let pid = libc::pid_t::try_from(self.pid()).expect("pid fits pid_t");
        // SAFETY: kill(2) has no memory-safety preconditions; the pid is our
        // own unreaped child, so it cannot have been reused.
        unsafe {
            libc::kill(pid, sig);
        }
    }

    /// The exit status if the process has exited (reaping it).
    pub fn try_status(&mut self) -> Option<ExitStatus> {
        if self.status.is_none() {
            self.status = self.child.try_wait().ok().flatten();
        }
        self.status
    }

    /// Waits up to `within` for the process to exit.
    pub fn wait_exit(&mut self, within: Duration) -> Option<ExitStatus> {
        try_wait_until(within, || self.try_status().is_some());
        self.status
    }

    /// Waits until the process listens on every address of `addrs`, checked
    /// through `/proc` so that no probe connection reaches the proxy.
    pub fn wait_listening(
        &mut self,
        addrs: &[SocketAddr],
        within: Duration,
    ) -> Result<(), NotReady> {
        let pid = self.pid();
        let mut exited = None;
        let ok = try_wait_until(within, || {
            if let Some(st) = self.try_status() {
                exited = Some(st);
                return true;
            }
            addrs.iter().all(|a| procfs::is_listening(pid, *a))
        });
        match (ok, exited) {
            (_, Some(st)) => Err(NotReady::Exited(st)),
            (true, None) => Ok(()),
            (false, None) => Err(NotReady::Timeout),
        }
    }

    /// Waits until a TCP connection to `addr` succeeds (and closes it). Use
    /// it only where one extra balanced connection does not matter; see
    /// [`ProcGuard::wait_listening`].
    pub fn wait_ready(&mut self, addr: SocketAddr, within: Duration) -> Result<(), NotReady> {
        let mut exited = None;
        let ok = try_wait_until(within, || {
            if let Some(st) = self.try_status() {
                exited = Some(st);
                return true;
            }
            std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
        });
        match (ok, exited) {
            (_, Some(st)) => Err(NotReady::Exited(st)),
            (true, None) => Ok(()),
            (false, None) => Err(NotReady::Timeout),
        }
    }
}

impl Drop for ProcGuard {
    fn drop(&mut self) {
        if self.try_status().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
