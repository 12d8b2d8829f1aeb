//! Which proxy a test runs (`Proxy`), where its binary is (`ProxyBin`), and
//! a started proxy with its config and listeners (`Running`).
//!
//! Both binaries are started the same way, `BIN -f CFG -db`, so a scenario
//! written once runs against the real haproxy and against portcullis.

use crate::ports::PortReservation;
use crate::process::{NotReady, ProcGuard};
use crate::tempdir::TempDir;
use crate::wait::try_wait_until;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// How long a proxy may take to listen after it was spawned.
const START: Duration = Duration::from_secs(20);

/// The binary under test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proxy {
    /// The real haproxy 2.6 (`$HAPROXY_BIN`, `/usr/sbin/haproxy` or `PATH`).
    Haproxy,
    /// portcullis, from `env!("CARGO_BIN_EXE_portcullis")` in the cli tests.
    Portcullis,
}

impl Proxy {
    pub fn name(self) -> &'static str {
        match self {
            Proxy::Haproxy => "haproxy",
            Proxy::Portcullis => "portcullis",
        }
    }

    /// The binary of this proxy; `portcullis` is the path cargo built. When
    /// it is absent this prints a loud `SKIP:` line and returns `None`, and
    /// the test returns.
    pub fn locate(self, portcullis: &str) -> Option<ProxyBin> {
        let path = match self {
            Proxy::Portcullis => Some(PathBuf::from(portcullis)),
            Proxy::Haproxy => find_haproxy(),
        };
        match path {
            Some(p) if p.is_file() => Some(ProxyBin {
                kind: self,
                path: p,
            }),
            _ => {
                eprintln!(
                    "SKIP: {} binary not found; this test did not run",
                    self.name()
                );
                None
            }
        }
    }
}

fn find_haproxy() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("HAPROXY_BIN") {
        return Some(PathBuf::from(p));
    }
    let sbin = PathBuf::from("/usr/sbin/haproxy");
    if sbin.is_file() {
        return Some(sbin);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("haproxy"))
        .find(|p| p.is_file())
}

/// A located proxy binary.
#[derive(Clone, Debug)]
pub struct ProxyBin {
    pub kind: Proxy,
    pub path: PathBuf,
}

impl ProxyBin {
    /// Starts `BIN -f CFG -db` on `config` and waits until it listens on
    /// every reserved address (the reservations are released once it does).
    /// Panics with the proxy's output if it does not start.
    pub fn start(&self, config: &str, listen: Vec<PortReservation>) -> Running {
        self.start_with(config, listen, &[])
    }

    /// Starts the template `fixtures/runtime/<template>` with one reserved
    /// 127.0.0.1 port per placeholder name of `listen` and the values
    /// `vars` for the other placeholders; `Running::addrs` lists the
    /// listeners in the order of `listen`.
    pub fn start_fixture(
        &self,
        template: &str,
        listen: &[&str],
        vars: &[(&str, String)],
    ) -> Running {
        let ports: Vec<PortReservation> = listen
            .iter()
            .map(|_| PortReservation::loopback().expect("reserve a port"))
            .collect();
        let mut all: Vec<(&str, String)> = listen
            .iter()
            .zip(&ports)
            .map(|(k, r)| (*k, r.addr().to_string()))
            .collect();
        all.extend(vars.iter().cloned());
        let config = crate::config::render(&crate::config::runtime_fixture(template), &all);
        self.start(&config, ports)
    }

    /// Like [`ProxyBin::start`] with extra arguments after `-db`.
    pub fn start_with(
        &self,
        config: &str,
        listen: Vec<PortReservation>,
        extra: &[String],
    ) -> Running {
        let addrs: Vec<SocketAddr> = listen.iter().map(PortReservation::addr).collect();
        let dir = TempDir::new(self.kind.name()).expect("create a temporary directory");
        let mut held = Some(listen);
        // First with the ports still reserved; if this proxy cannot bind over
        // a reservation (no SO_REUSEADDR), once more with them released.
        for attempt in 0..2 {
            let (guard, result) = spawn_and_wait(self, &dir, attempt, config, &addrs, extra);
            match result {
                Ok(()) => {
                    drop(held.take());
                    return Running {
                        guard,
                        _dir: dir,
                        addrs,
                        bin: self.clone(),
                    };
                }
                Err(NotReady::Exited(st)) if attempt == 0 && is_bind_error(&guard.output()) => {
                    eprintln!("{} could not bind over the port reservations ({st}); retrying without them", self.kind.name());
                    drop(held.take());
                }
                Err(e) => panic!(
                    "{} did not start ({e:?}) with config:\n{config}\noutput:\n{}",
                    self.kind.name(),
                    guard.output()
                ),
            }
        }
        unreachable!("the second attempt either returns or panics")
    }
}

fn is_bind_error(output: &str) -> bool {
    output.contains("cannot bind") || output.contains("Address already in use")
}

fn spawn_and_wait(
    bin: &ProxyBin,
    dir: &TempDir,
    n: usize,
    config: &str,
    addrs: &[SocketAddr],
    extra: &[String],
) -> (ProcGuard, Result<(), NotReady>) {
    let cfg = dir
        .write(&format!("proxy-{n}.cfg"), config)
        .expect("write the config");
    let out = dir.path().join(format!("proxy-{n}.out"));
    let mut args = vec![
        "-f".to_string(),
        cfg.to_string_lossy().into_owned(),
        "-db".to_string(),
    ];
    args.extend(extra.iter().cloned());
    let mut guard = ProcGuard::spawn(&bin.path, &args, &out)
        .unwrap_or_else(|e| panic!("spawn {}: {e}", bin.path.display()));
    let result = guard.wait_listening(addrs, START);
    (guard, result)
}

/// A started proxy: its process guard, its temporary directory (config and
/// output) and the addresses it listens on.
#[derive(Debug)]
pub struct Running {
    pub guard: ProcGuard,
    /// Holds the config and output files for as long as the process runs.
    _dir: TempDir,
    addrs: Vec<SocketAddr>,
    bin: ProxyBin,
}

impl Running {
    pub fn pid(&self) -> u32 {
        self.guard.pid()
    }

    /// The listening addresses, in the order they were reserved.
    pub fn addrs(&self) -> &[SocketAddr] {
        &self.addrs
    }

    /// Everything the proxy printed so far.
    pub fn output(&self) -> String {
        self.guard.output()
    }

    /// The server and check messages printed so far, normalised (see
    /// `messages::state_lines`).
    pub fn state_lines(&self) -> Vec<String> {
        crate::messages::state_lines(&self.output())
    }

    /// Waits until `cond` holds for the normalised server and check
    /// messages; panics with `what` and the whole output once `within`
    /// has passed.
    pub fn wait_lines(
        &self,
        what: &str,
        within: Duration,
        mut cond: impl FnMut(&[String]) -> bool,
    ) {
        if !try_wait_until(within, || cond(&self.state_lines())) {
            panic!(
                "{}: timed out after {within:?} waiting for {what}; output:\n{}",
                self.bin.kind.name(),
                self.output()
            );
        }
    }

    /// Waits until the normalised messages contain `line`.
    pub fn wait_line(&self, line: &str, within: Duration) {
        self.wait_lines(&format!("the line {line:?}"), within, |l| {
            l.iter().any(|x| x == line)
        });
    }

    /// Starts a new process on `config` with `-sf <this pid>` (haproxy's
    /// reload: bind alongside, then tell the old process to soft-stop), and
    /// waits until the new one listens on the same addresses.
    pub fn handover(&self, config: &str) -> Running {
        let extra = ["-sf".to_string(), self.pid().to_string()];
        let dir = TempDir::new(self.bin.kind.name()).expect("create a temporary directory");
        let (guard, result) = spawn_and_wait(&self.bin, &dir, 0, config, &self.addrs, &extra);
        if let Err(e) = result {
            panic!(
                "{} -sf did not start ({e:?}); output:\n{}",
                self.bin.kind.name(),
                guard.output()
            );
        }
        Running {
            guard,
            _dir: dir,
            addrs: self.addrs.clone(),
            bin: self.bin.clone(),
        }
    }
}
