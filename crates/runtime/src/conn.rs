//! A connected stream socket (TCP or UNIX) and the lazily allocated
//! buffers sessions move bytes through.
//!
//! Buffers are taken from a per-worker pool only while they hold data, so
//! an idle session owns no buffer memory (the main lever for memory per
//! idle connection).

use std::io::{self, Read, Write};
use std::net::Shutdown;

#[derive(Debug)]
pub enum Conn {
    Tcp(mio::net::TcpStream),
    Unix(mio::net::UnixStream),
}

impl Conn {
    pub fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Conn::Tcp(s) => s.read(buf),
            Conn::Unix(s) => s.read(buf),
        }
    }
    pub fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Conn::Tcp(s) => s.write(buf),
            Conn::Unix(s) => s.write(buf),
        }
    }
    pub fn shutdown(&self, how: Shutdown) {
        let _ = match self {
            Conn::Tcp(s) => s.shutdown(how),
            Conn::Unix(s) => s.shutdown(how),
        };
    }
    pub fn source(&mut self) -> &mut dyn mio::event::Source {
        match self {
            Conn::Tcp(s) => s,
            Conn::Unix(s) => s,
        }
    }
    /// The pending socket error of a non-blocking connect, if any.
    pub fn take_error(&self) -> io::Result<Option<io::Error>> {
        match self {
            Conn::Tcp(s) => s.take_error(),
            Conn::Unix(s) => s.take_error(),
        }
    }
    pub fn raw_fd(&self) -> std::os::fd::RawFd {
        use std::os::fd::AsRawFd;
        match self {
            Conn::Tcp(s) => s.as_raw_fd(),
            Conn::Unix(s) => s.as_raw_fd(),
        }
    }
    pub fn is_tcp(&self) -> bool {
        matches!(self, Conn::Tcp(_))
    }
    /// SO_LINGER 0: closing sends a reset instead of a FIN.
    pub fn abort_on_close(&self) {
        if let Conn::Tcp(s) = self {
            let _ = socket2::SockRef::from(s).set_linger(Some(std::time::Duration::ZERO));
        }
    }
    /// TCP_NODELAY and optional SO_KEEPALIVE, as haproxy sets them on
    /// both sides of a TCP session.
    pub fn tune(&self, keepalive: bool) {
        if let Conn::Tcp(s) = self {
            let _ = s.set_nodelay(true);
            if keepalive {
                let _ = socket2::SockRef::from(s).set_keepalive(true);
            }
        }
    }
}

/// A check's non-blocking connect; with `delay_ack`, TCP_QUICKACK is off
/// as haproxy's checks do: the handshake's last ACK waits for data, so a
/// check that closes right after the connect completes (a layer-4 check)
/// is never accepted by the server.
pub fn connect_check(
    addr: std::net::SocketAddr,
    delay_ack: bool,
) -> io::Result<mio::net::TcpStream> {
    // non-blocking and close-on-exec from socket(2) itself: no fcntl
    let ty = socket2::Type::STREAM.nonblocking().cloexec();
    let s = socket2::Socket::new(socket2::Domain::for_address(addr), ty, None)?;
    if delay_ack {
        let _ = s.set_tcp_quickack(false);
    }
    match s.connect(&addr.into()) {
        Ok(()) => {}
        Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => {}
        Err(e) => return Err(e),
    }
    Ok(mio::net::TcpStream::from_std(s.into()))
}

/// A per-worker pool of equally sized buffers.
#[derive(Debug)]
pub struct Pool {
    size: usize,
    free: Vec<Box<[u8]>>,
    /// Never keep more than this many idle buffers.
    keep: usize,
}

impl Pool {
    pub fn new(size: usize) -> Pool {
        Pool {
            size: size.max(1024),
            free: Vec::new(),
            keep: 256,
        }
    }
    fn get(&mut self) -> Box<[u8]> {
        self.free
            .pop()
            .unwrap_or_else(|| vec![0u8; self.size].into_boxed_slice())
    }
    fn put(&mut self, b: Box<[u8]>) {
        if self.free.len() < self.keep {
            self.free.push(b);
        }
    }
}

/// What a read into a buffer found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filled {
    /// Bytes were read (maybe zero because the buffer is full).
    Data(usize),
    /// Fewer bytes than asked for: the socket is drained for now.
    Short(usize),
    /// Nothing to read now.
    WouldBlock,
    /// The peer shut its write side.
    Eof,
}

/// One direction's bytes in flight.
#[derive(Debug, Default)]
pub struct Buf {
    mem: Option<Box<[u8]>>,
    head: usize,
    tail: usize,
}

impl Buf {
    pub fn is_empty(&self) -> bool {
        self.head == self.tail
    }
    pub fn is_full(&self) -> bool {
        self.mem
            .as_ref()
            .is_some_and(|m| self.tail == m.len() && self.head == 0)
    }
    /// Reads once from `c` into the free space.
    pub fn fill(&mut self, c: &mut Conn, pool: &mut Pool) -> io::Result<Filled> {
        if self.mem.is_none() {
            self.mem = Some(pool.get());
        }
        let Some(mem) = self.mem.as_mut() else {
            return Ok(Filled::WouldBlock);
        };
        if self.tail == mem.len() && self.head > 0 {
            mem.copy_within(self.head..self.tail, 0);
            self.tail -= self.head;
            self.head = 0;
        }
        let Some(space) = mem.get_mut(self.tail..) else {
            return Ok(Filled::Data(0));
        };
        if space.is_empty() {
            return Ok(Filled::Data(0));
        }
        let r = loop {
            match c.read(space) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                r => break r,
            }
        };
        let r = match r {
            Ok(0) => Ok(Filled::Eof),
            Ok(n) => {
                let short = n < space.len();
                self.tail += n;
                Ok(if short {
                    Filled::Short(n)
                } else {
                    Filled::Data(n)
                })
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(Filled::WouldBlock),
            Err(e) => Err(e),
        };
        self.recycle(pool);
        r
    }
    /// Writes once to `c`; returns the bytes written and whether `c`
    /// cannot take more now (WouldBlock or a short write).
    pub fn drain(&mut self, c: &mut Conn, pool: &mut Pool) -> io::Result<(usize, bool)> {
        let Some(mem) = self.mem.as_ref() else {
            return Ok((0, false));
        };
        let Some(data) = mem.get(self.head..self.tail) else {
            return Ok((0, false));
        };
        if data.is_empty() {
            return Ok((0, false));
        }
        let want = data.len();
        let r = loop {
            match c.write(data) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                r => break r,
            }
        };
        let n = match r {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => 0,
            Err(e) => return Err(e),
        };
        self.head += n;
        self.recycle(pool);
        Ok((n, n < want))
    }
    /// Gives the memory back while the buffer is empty.
    fn recycle(&mut self, pool: &mut Pool) {
        if self.head == self.tail {
            self.head = 0;
            self.tail = 0;
            if let Some(m) = self.mem.take() {
                pool.put(m);
            }
        }
    }
    pub fn release(&mut self, pool: &mut Pool) {
        self.head = 0;
        self.tail = 0;
        if let Some(m) = self.mem.take() {
            pool.put(m);
        }
    }
}

/// A kernel pipe used by `splice()` to move one direction's bytes without
/// copying them through user space (`option splice-*`).
#[derive(Debug)]
pub struct Pipe {
    r: std::os::fd::OwnedFd,
    w: std::os::fd::OwnedFd,
    /// Bytes sitting in the pipe.
    pub pending: usize,
}

/// Bytes moved per splice call (haproxy's default pipe size).
const SPLICE_CHUNK: usize = 64 * 1024;

impl Pipe {
    pub fn new() -> io::Result<Pipe> {
        use std::os::fd::FromRawFd;
        let mut fds = [0 as libc::c_int; 2];
        // SAFETY: pipe2 writes two descriptors into `fds`.
        let r = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_NONBLOCK | libc::O_CLOEXEC) };
        if r < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: both descriptors were just created and are owned here.
        let (r, w) = unsafe {
            (
                std::os::fd::OwnedFd::from_raw_fd(fds[0]),
                std::os::fd::OwnedFd::from_raw_fd(fds[1]),
            )
        };
        Ok(Pipe { r, w, pending: 0 })
    }
    pub fn is_full(&self) -> bool {
        self.pending >= SPLICE_CHUNK
    }
    fn splice(from: i32, to: i32, len: usize) -> io::Result<Filled> {
        loop {
            // SAFETY: splice only uses the two descriptors and null offsets.
            let n = unsafe {
                libc::splice(
                    from,
                    std::ptr::null_mut(),
                    to,
                    std::ptr::null_mut(),
                    len,
                    libc::SPLICE_F_MOVE | libc::SPLICE_F_NONBLOCK,
                )
            };
            if n > 0 {
                return Ok(Filled::Data(n as usize));
            }
            if n == 0 {
                return Ok(Filled::Eof);
            }
            let e = io::Error::last_os_error();
            match e.kind() {
                io::ErrorKind::Interrupted => continue,
                io::ErrorKind::WouldBlock => return Ok(Filled::WouldBlock),
                _ => return Err(e),
            }
        }
    }
    /// Socket -> pipe; `Short` when the socket had less than the pipe's
    /// room (drained for now).
    pub fn fill(&mut self, c: &Conn) -> io::Result<Filled> {
        use std::os::fd::AsRawFd;
        let room = SPLICE_CHUNK.saturating_sub(self.pending);
        if room == 0 {
            return Ok(Filled::Data(0));
        }
        let r = Pipe::splice(c.raw_fd(), self.w.as_raw_fd(), room)?;
        Ok(match r {
            Filled::Data(n) | Filled::Short(n) => {
                self.pending += n;
                if n < room {
                    Filled::Short(n)
                } else {
                    Filled::Data(n)
                }
            }
            r => r,
        })
    }
    /// Pipe -> socket; the bytes moved and whether `c` is full for now.
    pub fn drain(&mut self, c: &Conn) -> io::Result<(usize, bool)> {
        use std::os::fd::AsRawFd;
        if self.pending == 0 {
            return Ok((0, false));
        }
        let want = self.pending;
        match Pipe::splice(self.r.as_raw_fd(), c.raw_fd(), want)? {
            Filled::Data(n) | Filled::Short(n) => {
                self.pending -= n;
                Ok((n, n < want))
            }
            _ => Ok((0, true)),
        }
    }
}
