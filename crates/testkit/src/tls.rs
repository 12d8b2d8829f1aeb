//! A real TLS listener for the `ssl-hello-chk` tests: rustls (with its
//! `ring` provider) serving a self-signed certificate that rcgen makes when
//! the listener starts, on a kernel-chosen loopback port. Every connection
//! runs in its own thread until the handshake completes or fails; a failed
//! handshake sends the alert rustls chose before closing, as a modern TLS
//! server (the seeds' Puppet masters) does. haproxy's SSLv3 ClientHello is
//! refused that way: it has no signature_algorithms extension, so rustls
//! answers with one fatal `handshake_failure` alert record
//! (`15 03 03 00 02 02 28`) and closes; haproxy 2.6.12 counts that alert
//! record as a passed check (L6OK).

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ServerConfig, ServerConnection};
use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long a connection thread waits for the peer's next bytes.
const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// What the listener saw on one finished connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsRecord {
    /// The first bytes the peer sent (up to 4 KiB).
    pub head: Vec<u8>,
    /// The bytes the listener sent back (alert or handshake records).
    pub sent: Vec<u8>,
    /// `None` when the handshake completed, else rustls's error.
    pub error: Option<String>,
}

#[derive(Debug, Default)]
struct Shared {
    accepted: AtomicUsize,
    stop: AtomicBool,
    records: Mutex<Vec<TlsRecord>>,
}

/// A running rustls listener, stopped on drop.
#[derive(Debug)]
pub struct TlsServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

fn config() -> Arc<ServerConfig> {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_string()])
        .expect("generate a self-signed certificate");
    let cert = CertificateDer::from(made.cert.der().to_vec());
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(made.key_pair.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let cfg = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS 1.2 and 1.3 with ring")
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .expect("a certificate rustls accepts");
    Arc::new(cfg)
}

/// A stream that keeps a copy of what it reads (the head) and writes.
struct Recording<'a> {
    stream: &'a mut TcpStream,
    head: Vec<u8>,
    sent: Vec<u8>,
}

impl Read for Recording<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.stream.read(buf)?;
        let room = 4096usize.saturating_sub(self.head.len()).min(n);
        self.head.extend_from_slice(&buf[..room]);
        Ok(n)
    }
}

impl Write for Recording<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.stream.write(buf)?;
        self.sent.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.stream.flush()
    }
}

fn serve(mut stream: TcpStream, cfg: Arc<ServerConfig>, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let mut conn = ServerConnection::new(cfg).expect("a server connection");
    let mut io = Recording {
        stream: &mut stream,
        head: Vec::new(),
        sent: Vec::new(),
    };
    let mut error = None;
    while conn.is_handshaking() {
        // On a TLS error, complete_io still writes the queued alert.
        match conn.complete_io(&mut io) {
            Ok((0, 0)) if conn.wants_read() => {
                error = Some("end of stream during the handshake".to_string());
                break;
            }
            Ok(_) => {}
            Err(e) => {
                error = Some(e.to_string());
                break;
            }
        }
    }
    if error.is_none() {
        conn.send_close_notify();
        let _ = conn.complete_io(&mut io);
    }
    let record = TlsRecord {
        head: std::mem::take(&mut io.head),
        sent: std::mem::take(&mut io.sent),
        error,
    };
    shared
        .records
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(record);
    // Drain what the peer still sends (briefly), so that closing does not
    // turn into a reset that could overtake the alert.
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut sink = [0u8; 1024];
    while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
}

impl TlsServer {
    /// Starts a TLS listener on `ip` (kernel-chosen port).
    pub fn start(ip: IpAddr) -> TlsServer {
        let cfg = config();
        let listener = TcpListener::bind(SocketAddr::new(ip, 0)).expect("bind the TLS listener");
        let addr = listener.local_addr().expect("local address");
        let shared = Arc::new(Shared::default());
        let thread = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if shared.stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let stream = match stream {
                        Ok(s) => s,
                        Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                        Err(_) => continue,
                    };
                    shared.accepted.fetch_add(1, Ordering::SeqCst);
                    let (cfg, shared) = (Arc::clone(&cfg), Arc::clone(&shared));
                    std::thread::spawn(move || serve(stream, cfg, &shared));
                }
            })
        };
        TlsServer {
            addr,
            shared,
            thread: Some(thread),
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Connections accepted so far.
    pub fn accepted(&self) -> usize {
        self.shared.accepted.load(Ordering::SeqCst)
    }

    /// One record per finished connection, in the order they finished.
    pub fn records(&self) -> Vec<TlsRecord> {
        self.shared
            .records
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop; it sees the flag and ends.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
