//! Loopback port reservations for the proxy's listeners.
//!
//! A port is taken from the kernel with `bind(ip:0)` and the socket is kept
//! bound, not listening, with `SO_REUSEADDR` until the proxy listens on it:
//! Linux lets a listener with `SO_REUSEADDR` (haproxy and Rust's std set it)
//! bind over a non-listening `SO_REUSEADDR` socket, while the kernel's own
//! port choice (`bind(:0)`, ephemeral source ports) never hands out a port
//! that is still bound. So a parallel run cannot be given the same port
//! between reservation and start, which a bind-then-release scheme allows.

use socket2::{Domain, Socket, Type};
use std::io;
use std::net::{IpAddr, SocketAddr};

/// A bound, non-listening socket holding a port until it is dropped.
#[derive(Debug)]
pub struct PortReservation {
    _socket: Socket,
    addr: SocketAddr,
}

impl PortReservation {
    /// Reserves a free port on `ip` (a loopback address).
    pub fn new(ip: IpAddr) -> io::Result<Self> {
        let socket = Socket::new(
            Domain::for_address(SocketAddr::new(ip, 0)),
            Type::STREAM,
            None,
        )?;
        socket.set_reuse_address(true)?;
        socket.bind(&SocketAddr::new(ip, 0).into())?;
        let addr = socket
            .local_addr()?
            .as_socket()
            .ok_or_else(|| io::Error::other("reservation is not an inet socket"))?;
        Ok(PortReservation {
            _socket: socket,
            addr,
        })
    }

    /// Reserves a free port on 127.0.0.1.
    pub fn loopback() -> io::Result<Self> {
        Self::new(IpAddr::from([127, 0, 0, 1]))
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}
