//! A real TLS listener for the `ssl-hello-chk` tests: `openssl s_server`
//! with a fresh self-signed certificate, on a kernel-chosen loopback port.
//! It answers haproxy's SSLv3 ClientHello with a TLS alert record, which
//! is what a modern TLS server (the seeds' Puppet masters) does.

use crate::ports::PortReservation;
use crate::process::ProcGuard;
use crate::tempdir::TempDir;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// A running `openssl s_server`, killed on drop.
#[derive(Debug)]
pub struct TlsServer {
    _guard: ProcGuard,
    _dir: TempDir,
    addr: SocketAddr,
}

fn openssl() -> Option<&'static Path> {
    ["/usr/bin/openssl", "/usr/local/bin/openssl"]
        .into_iter()
        .map(Path::new)
        .find(|p| p.is_file())
}

impl TlsServer {
    /// Starts a TLS server on `ip`; returns `None` with a loud `SKIP:`
    /// line when openssl is not installed.
    pub fn start(ip: IpAddr) -> Option<TlsServer> {
        let Some(openssl) = openssl() else {
            eprintln!("SKIP: openssl not found; the real TLS listener did not run");
            return None;
        };
        let dir = TempDir::new("tls").expect("create a temporary directory");
        let (key, cert) = (dir.path().join("key.pem"), dir.path().join("cert.pem"));
        let made = Command::new(openssl)
            .args(["req", "-x509", "-newkey", "ec", "-pkeyopt"])
            .args(["ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"])
            .args(["-subj", "/CN=localhost", "-keyout"])
            .arg(&key)
            .arg("-out")
            .arg(&cert)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run openssl req");
        assert!(made.success(), "openssl req failed: {made}");
        // Like the proxies, s_server binds with SO_REUSEADDR over the
        // reservation; a second attempt without it covers one that does not.
        let mut reservation = Some(PortReservation::new(ip).expect("reserve a port"));
        let addr = reservation
            .as_ref()
            .map(PortReservation::addr)
            .expect("reserved");
        for attempt in 0..2 {
            let out = dir.path().join(format!("s_server-{attempt}.out"));
            let args: Vec<std::ffi::OsString> = vec![
                "s_server".into(),
                "-accept".into(),
                addr.to_string().into(),
                "-cert".into(),
                cert.clone().into(),
                "-key".into(),
                key.clone().into(),
                "-quiet".into(),
            ];
            let mut guard = ProcGuard::spawn(openssl, &args, &out).expect("spawn openssl s_server");
            if guard
                .wait_listening(&[addr], Duration::from_secs(10))
                .is_ok()
            {
                drop(reservation);
                return Some(TlsServer {
                    _guard: guard,
                    _dir: dir,
                    addr,
                });
            }
            assert_eq!(
                attempt,
                0,
                "openssl s_server did not listen:\n{}",
                guard.output()
            );
            reservation = None;
        }
        unreachable!("the second attempt either returns or panics")
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}
