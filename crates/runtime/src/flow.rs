//! One direction of a TCP session: the bytes read from its source and
//! not yet written to its destination, in a pooled buffer or (splice) a
//! kernel pipe, with the half-close propagation.

use crate::conn::{Buf, Conn, Filled, Pipe, Pool};
use std::net::Shutdown;

/// One direction of a session: bytes read from its source and not yet
/// written to its destination, in a buffer or (spliced) in a pipe.
#[derive(Default)]
pub(crate) struct Dir {
    pub buf: Buf,
    pipe: Option<Pipe>,
    pub splice: bool,
    /// The source shut its write side.
    pub eof: bool,
    /// We shut the destination's write side after the last byte.
    pub shut: bool,
}

impl Dir {
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty() && self.pipe.as_ref().is_none_or(|p| p.pending == 0)
    }

    /// One round: read what the source has, write what the destination
    /// takes, propagate the half-close. Returns (read, wrote). The
    /// readiness flags say whether a socket may have something to read or
    /// room to write since its last event; they are cleared when it says
    /// otherwise (WouldBlock, or a short read or write), so an idle side
    /// costs no system call.
    pub fn step(
        &mut self,
        src: &mut Conn,
        src_ready: &mut bool,
        src_hup: bool,
        dst: Option<(&mut Conn, &mut bool)>,
        pool: &mut Pool,
    ) -> std::io::Result<(bool, bool)> {
        let (mut rd, mut wr) = (false, false);
        let spliced = self.splice && dst.is_some() && self.buf.is_empty();
        if !self.eof && *src_ready {
            if spliced && self.pipe.is_none() {
                match Pipe::new() {
                    Ok(p) => self.pipe = Some(p),
                    // out of pipes: copy through user space instead
                    Err(_) => self.splice = false,
                }
            }
            let got = match self.pipe.as_mut() {
                Some(p) if spliced && self.splice => (!p.is_full()).then(|| p.fill(src)),
                _ => (!self.buf.is_full()).then(|| self.buf.fill(src, pool)),
            };
            match got.transpose()? {
                Some(Filled::Data(n)) => rd = n > 0,
                Some(Filled::Short(n)) => {
                    rd = n > 0;
                    // a FIN already signalled still has to be read
                    *src_ready = src_hup;
                }
                Some(Filled::Eof) => {
                    self.eof = true;
                    rd = true;
                }
                Some(Filled::WouldBlock) => *src_ready = false,
                None => {}
            }
        }
        if let Some((dst, dst_ready)) = dst {
            if *dst_ready {
                let (n, blocked) = self.buf.drain(dst, pool)?;
                wr |= n > 0;
                if !blocked {
                    if let Some(p) = self.pipe.as_mut() {
                        let (n, blocked) = p.drain(dst)?;
                        wr |= n > 0;
                        if blocked {
                            *dst_ready = false;
                        }
                    }
                } else {
                    *dst_ready = false;
                }
            }
            if self.eof && self.is_empty() && !self.shut {
                dst.shutdown(Shutdown::Write);
                self.shut = true;
                wr = true;
            }
        }
        Ok((rd, wr))
    }
}
