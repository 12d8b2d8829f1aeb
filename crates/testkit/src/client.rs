//! Test clients: TCP connections from a chosen loopback source address,
//! where every read has a timeout, so a test that waits for data fails
//! instead of hanging.

use socket2::{Domain, Socket, Type};
use std::io::{self, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// The read timeout of every client socket unless changed.
pub const READ_TIMEOUT: Duration = Duration::from_secs(15);

/// How long a connect may take on loopback.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How a connection ended, as the client saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Closed {
    /// An orderly end of stream (FIN).
    Eof,
    /// A reset (RST).
    Reset,
    /// Still open when the deadline passed.
    StillOpen,
}

/// A client connection with line-oriented and bulk helpers.
#[derive(Debug)]
pub struct Client {
    stream: TcpStream,
    /// Bytes read past the last line returned.
    pending: Vec<u8>,
}

impl Client {
    /// Connects to `to` from an address the kernel chooses.
    pub fn connect(to: SocketAddr) -> io::Result<Client> {
        Self::wrap(TcpStream::connect_timeout(&to, CONNECT_TIMEOUT)?)
    }

    /// Connects to `to` from `src` (any 127.0.0.0/8 address works on
    /// Linux without configuration), port chosen by the kernel.
    pub fn connect_from(src: IpAddr, to: SocketAddr) -> io::Result<Client> {
        let socket = Socket::new(Domain::for_address(to), Type::STREAM, None)?;
        socket.bind(&SocketAddr::new(src, 0).into())?;
        socket.connect_timeout(&to.into(), CONNECT_TIMEOUT)?;
        Self::wrap(socket.into())
    }

    fn wrap(stream: TcpStream) -> io::Result<Client> {
        stream.set_read_timeout(Some(READ_TIMEOUT))?;
        stream.set_write_timeout(Some(READ_TIMEOUT))?;
        stream.set_nodelay(true)?;
        Ok(Client {
            stream,
            pending: Vec::new(),
        })
    }

    pub fn set_read_timeout(&self, d: Duration) -> io::Result<()> {
        self.stream.set_read_timeout(Some(d))
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.stream.local_addr()
    }

    /// The socket, for bulk transfers.
    pub fn stream(&mut self) -> &mut TcpStream {
        &mut self.stream
    }

    pub fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)
    }

    /// Half-closes: sends FIN, keeps reading.
    pub fn shutdown_write(&self) -> io::Result<()> {
        self.stream.shutdown(Shutdown::Write)
    }

    /// Reads one `\n`-terminated line (without the `\n`). An end of stream
    /// before the newline is `UnexpectedEof`; a read timeout is an error.
    pub fn read_line(&mut self) -> io::Result<String> {
        loop {
            if let Some(i) = self.pending.iter().position(|&b| b == b'\n') {
                let line: Vec<u8> = self.pending.drain(..=i).collect();
                return Ok(String::from_utf8_lossy(&line[..i]).into_owned());
            }
            let mut buf = [0u8; 4096];
            match self.stream.read(&mut buf)? {
                0 => {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "closed before a full line",
                    ))
                }
                n => self.pending.extend_from_slice(&buf[..n]),
            }
        }
    }

    /// Reads everything until the connection ends or `within` passes;
    /// returns the bytes and how it ended.
    pub fn read_until_closed(&mut self, within: Duration) -> (Vec<u8>, Closed) {
        let deadline = Instant::now() + within;
        let mut data = std::mem::take(&mut self.pending);
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || self.stream.set_read_timeout(Some(left)).is_err() {
                return (data, Closed::StillOpen);
            }
            match self.stream.read(&mut buf) {
                Ok(0) => return (data, Closed::Eof),
                Ok(n) => data.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    return (data, Closed::StillOpen)
                }
                Err(_) => return (data, Closed::Reset),
            }
        }
    }

    /// Whether nothing arrives within `window` (the connection stays open
    /// and silent). Used only for "must not happen yet" checks, which a
    /// correct proxy never fails whatever the machine's speed.
    pub fn stays_silent(&mut self, window: Duration) -> bool {
        if !self.pending.is_empty() {
            return false;
        }
        let (data, how) = self.read_until_closed(window);
        let silent = data.is_empty() && how == Closed::StillOpen;
        self.pending = data;
        let _ = self.stream.set_read_timeout(Some(READ_TIMEOUT));
        silent
    }
}

/// The loopback address 127.0.0.`n`.
pub fn lo(n: u8) -> IpAddr {
    IpAddr::from([127, 0, 0, n])
}
