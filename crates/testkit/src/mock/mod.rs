//! Mock servers on loopback. Each listens on a kernel-chosen port of a
//! 127.0.0.0/8 address, serves every connection in its own thread with one
//! `Behaviour`, and records what it saw: accepted peers, the number of
//! connections open at once and its maximum, and one `ConnRecord` per
//! finished connection.
//!
//! A server can be stopped and resumed on the same port: while stopped, a
//! bound non-listening socket keeps the port, so connections are refused
//! (RST) and no other process can take the port meanwhile.
//!
//! The open-connection count is decremented before the server closes its
//! socket, so when the server is the one that ends a connection, the proxy
//! can only reuse the slot after the count went down: the maximum a test
//! reads is then never inflated by thread scheduling.

mod conn;
pub mod replies;
mod script;

pub use script::{Script, Step};

use socket2::{Domain, Socket, Type};
use std::net::{IpAddr, Shutdown, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

/// What a mock server does with each accepted connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Behaviour {
    /// Writes its name and `\n`, then echoes what it receives. It closes at
    /// the client's end of stream, or first when the bytes received so far
    /// end with `QUIT\n`.
    Named,
    /// Reads the bulk pattern until end of stream, checking every byte,
    /// then answers `ok <bytes>\n` or `bad <bytes> <first wrong offset>\n`
    /// on the half-closed connection and closes.
    Sink,
    /// Writes this many bytes of the bulk pattern, shuts its write side,
    /// then counts what it still receives until end of stream.
    Source(u64),
    /// Accepts, then resets the connection (close with `SO_LINGER` 0).
    Reset,
    /// Accepts and never sends anything; reads until the peer closes.
    Silent,
    /// Echoes until end of stream, then still writes
    /// `eof after <bytes>\n` and shuts its write side.
    HalfCloseEcho,
    /// Plays the script's steps (see `Script`): the servers behind health
    /// checks, whose answers a test switches while the proxy runs.
    Script(Script),
}

/// One finished connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnRecord {
    pub peer: SocketAddr,
    /// Bytes received (for `Source`: after its own shutdown).
    pub bytes_in: u64,
    /// `Sink` only: whether the stream was the exact pattern.
    pub pattern_ok: Option<bool>,
    /// `Script` only: the first bytes received (up to 4 KiB).
    pub head: Vec<u8>,
}

/// State shared by the accept thread and the connection threads.
#[derive(Debug)]
struct Shared {
    name: String,
    behaviour: Behaviour,
    accepted: AtomicUsize,
    current: AtomicUsize,
    max: AtomicUsize,
    peers: Mutex<Vec<SocketAddr>>,
    records: Mutex<Vec<ConnRecord>>,
    /// Set when the server is dropped: connection threads end at their next
    /// read timeout.
    dropped: AtomicBool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Shared {
    fn enter(&self, peer: SocketAddr) {
        lock(&self.peers).push(peer);
        self.accepted.fetch_add(1, Ordering::SeqCst);
        let now = self.current.fetch_add(1, Ordering::SeqCst) + 1;
        self.max.fetch_max(now, Ordering::SeqCst);
    }

    fn leave(&self, record: ConnRecord) {
        lock(&self.records).push(record);
        self.current.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Whether the server accepts connections, and what holds its port.
#[derive(Debug)]
enum State {
    Listening {
        socket: Arc<Socket>,
        thread: Option<JoinHandle<()>>,
    },
    /// The socket is only held, never read: it keeps the port.
    Refusing(#[allow(dead_code)] Socket),
}

/// A mock server; see the module documentation.
#[derive(Debug)]
pub struct MockServer {
    shared: Arc<Shared>,
    addr: SocketAddr,
    state: Mutex<State>,
}

fn new_socket(addr: SocketAddr) -> std::io::Result<Socket> {
    let s = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    s.set_reuse_address(true)?;
    s.set_reuse_port(true)?;
    s.bind(&addr.into())?;
    Ok(s)
}

impl MockServer {
    /// Starts a server named `name` on `ip` (kernel-chosen port).
    pub fn start(ip: IpAddr, name: &str, behaviour: Behaviour) -> MockServer {
        let socket = new_socket(SocketAddr::new(ip, 0)).expect("bind a mock server");
        let addr = socket
            .local_addr()
            .ok()
            .and_then(|a| a.as_socket())
            .expect("inet address");
        let shared = Arc::new(Shared {
            name: name.to_string(),
            behaviour,
            accepted: AtomicUsize::new(0),
            current: AtomicUsize::new(0),
            max: AtomicUsize::new(0),
            peers: Mutex::new(Vec::new()),
            records: Mutex::new(Vec::new()),
            dropped: AtomicBool::new(false),
        });
        let state = listen(socket, &shared);
        MockServer {
            shared,
            addr,
            state: Mutex::new(state),
        }
    }

    /// Starts a server named `name` on `ip` playing `steps` on every
    /// connection; `script()` changes them.
    pub fn scripted(ip: IpAddr, name: &str, steps: Vec<Step>) -> MockServer {
        MockServer::start(ip, name, Behaviour::Script(Script::new(steps)))
    }

    /// The script of a server started with `Behaviour::Script`; panics for
    /// any other behaviour.
    pub fn script(&self) -> &Script {
        match &self.shared.behaviour {
            Behaviour::Script(s) => s,
            other => panic!("mock {} is not scripted ({other:?})", self.shared.name),
        }
    }

    /// A port on `ip` where nothing listens: connections are refused.
    pub fn refusing(ip: IpAddr, name: &str) -> MockServer {
        let m = MockServer::start(ip, name, Behaviour::Named);
        m.stop();
        m
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn name(&self) -> &str {
        &self.shared.name
    }

    /// Connections accepted so far.
    pub fn accepted(&self) -> usize {
        self.shared.accepted.load(Ordering::SeqCst)
    }

    /// Connections open now.
    pub fn current(&self) -> usize {
        self.shared.current.load(Ordering::SeqCst)
    }

    /// The most connections that were open at once.
    pub fn max_concurrent(&self) -> usize {
        self.shared.max.load(Ordering::SeqCst)
    }

    /// The peer of every accepted connection, in order.
    pub fn peers(&self) -> Vec<SocketAddr> {
        lock(&self.shared.peers).clone()
    }

    /// The finished connections, in the order they finished.
    pub fn records(&self) -> Vec<ConnRecord> {
        lock(&self.shared.records).clone()
    }

    /// Stops accepting: from now on connections are refused. Connections
    /// already accepted go on.
    pub fn stop(&self) {
        let mut state = lock(&self.state);
        if let State::Listening { socket, thread } = &mut *state {
            // Hold the port first (SO_REUSEPORT lets it share with the
            // listener), then wake the accept thread with a shutdown.
            let holder = new_socket(self.addr).expect("hold a mock server's port");
            let _ = socket.shutdown(Shutdown::Read);
            if let Some(t) = thread.take() {
                let _ = t.join();
            }
            *state = State::Refusing(holder);
        }
    }

    /// Accepts connections again on the same port.
    pub fn resume(&self) {
        let mut state = lock(&self.state);
        if let State::Refusing(_) = &*state {
            let socket = new_socket(self.addr).expect("rebind a mock server");
            *state = listen(socket, &self.shared);
        }
    }
}

/// Starts listening on `socket` with an accept thread.
fn listen(socket: Socket, shared: &Arc<Shared>) -> State {
    socket.listen(1024).expect("listen");
    let socket = Arc::new(socket);
    let (s, sh) = (Arc::clone(&socket), Arc::clone(shared));
    let thread = std::thread::Builder::new()
        .name(format!("mock-{}", shared.name))
        .spawn(move || accept_loop(&s, &sh))
        .expect("spawn the accept thread");
    State::Listening {
        socket,
        thread: Some(thread),
    }
}

fn accept_loop(listener: &Socket, shared: &Arc<Shared>) {
    loop {
        match listener.accept() {
            Ok((sock, peer)) => {
                let Some(peer) = peer.as_socket() else {
                    continue;
                };
                shared.enter(peer);
                let sh = Arc::clone(shared);
                let spawned = std::thread::Builder::new()
                    .name(format!("conn-{}", shared.name))
                    .stack_size(256 * 1024)
                    .spawn(move || conn::serve(sock.into(), peer, &sh));
                if spawned.is_err() {
                    shared.leave(ConnRecord {
                        peer,
                        bytes_in: 0,
                        pattern_ok: None,
                        head: Vec::new(),
                    });
                }
            }
            // Shut down by `stop`: this listener is done.
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => return,
            Err(_) if shared.dropped.load(Ordering::SeqCst) => return,
            // EMFILE, ECONNABORTED, EINTR...: try again shortly.
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.shared.dropped.store(true, Ordering::SeqCst);
        self.stop();
    }
}

/// How long a connection thread waits in one read before checking whether
/// its server was dropped.
const READ_SLICE: Duration = Duration::from_millis(500);

/// How long a connection may stay idle before its thread gives up.
const IDLE_LIMIT: Duration = Duration::from_secs(120);
