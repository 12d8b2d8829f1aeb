//! One accepted connection of a mock server, served by its `Behaviour`.

use super::{Behaviour, ConnRecord, Shared, IDLE_LIMIT, READ_SLICE};
use crate::pattern::{Pattern, Verifier, BLOCK};
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::atomic::Ordering;
use std::time::Instant;

/// Serves `stream` to its end, then records it and closes it (in that
/// order: see the module documentation of `mock`).
pub(super) fn serve(stream: TcpStream, peer: SocketAddr, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(READ_SLICE));
    let _ = stream.set_write_timeout(Some(IDLE_LIMIT));
    let mut record = ConnRecord {
        peer,
        bytes_in: 0,
        pattern_ok: None,
        head: Vec::new(),
    };
    let mut stream = stream;
    let _ = match &shared.behaviour {
        Behaviour::Named => named(&mut stream, shared, &mut record),
        Behaviour::Sink => sink(&mut stream, shared, &mut record),
        Behaviour::Source(n) => source(&mut stream, *n, shared, &mut record),
        Behaviour::Reset => {
            let _ = socket2::SockRef::from(&stream).set_linger(Some(std::time::Duration::ZERO));
            Ok(())
        }
        Behaviour::Silent => drain(&mut stream, shared, &mut record),
        Behaviour::HalfCloseEcho => half_close_echo(&mut stream, shared, &mut record),
        Behaviour::Script(script) => super::script::play(&mut stream, script, shared, &mut record),
    };
    shared.leave(record);
    drop(stream);
}

/// One read that waits through timeouts until data, end of stream, an
/// error, the server's drop or the idle limit.
pub(super) fn read_some(
    stream: &mut TcpStream,
    buf: &mut [u8],
    shared: &Shared,
) -> io::Result<usize> {
    let start = Instant::now();
    loop {
        match stream.read(buf) {
            Ok(n) => return Ok(n),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock
                        | io::ErrorKind::TimedOut
                        | io::ErrorKind::Interrupted
                ) =>
            {
                if shared.dropped.load(Ordering::SeqCst) || start.elapsed() > IDLE_LIMIT {
                    return Err(e);
                }
            }
            Err(e) => return Err(e),
        }
    }
}

fn named(stream: &mut TcpStream, shared: &Shared, record: &mut ConnRecord) -> io::Result<()> {
    stream.write_all(format!("{}\n", shared.name).as_bytes())?;
    let mut buf = vec![0u8; 16 * 1024];
    let mut tail: Vec<u8> = Vec::new();
    loop {
        let n = read_some(stream, &mut buf, shared)?;
        if n == 0 {
            return Ok(());
        }
        record.bytes_in += n as u64;
        stream.write_all(&buf[..n])?;
        tail.extend_from_slice(&buf[..n]);
        if tail.ends_with(b"QUIT\n") {
            return Ok(());
        }
        let keep = tail.len().saturating_sub(4);
        tail.drain(..keep);
    }
}

fn sink(stream: &mut TcpStream, shared: &Shared, record: &mut ConnRecord) -> io::Result<()> {
    let mut buf = vec![0u8; BLOCK];
    let mut v = Verifier::new();
    loop {
        let n = read_some(stream, &mut buf, shared)?;
        if n == 0 {
            break;
        }
        v.feed(&buf[..n]);
    }
    record.bytes_in = v.received;
    record.pattern_ok = Some(v.first_mismatch.is_none());
    let answer = match v.first_mismatch {
        None => format!("ok {}\n", v.received),
        Some(off) => format!("bad {} {off}\n", v.received),
    };
    stream.write_all(answer.as_bytes())
}

fn source(
    stream: &mut TcpStream,
    len: u64,
    shared: &Shared,
    record: &mut ConnRecord,
) -> io::Result<()> {
    let pattern = Pattern::new();
    let mut buf = vec![0u8; BLOCK];
    let mut off = 0u64;
    while off < len {
        let n = (len - off).min(BLOCK as u64) as usize;
        pattern.fill(off, &mut buf[..n]);
        stream.write_all(&buf[..n])?;
        off += n as u64;
    }
    stream.shutdown(Shutdown::Write)?;
    drain(stream, shared, record)
}

fn drain(stream: &mut TcpStream, shared: &Shared, record: &mut ConnRecord) -> io::Result<()> {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = read_some(stream, &mut buf, shared)?;
        if n == 0 {
            return Ok(());
        }
        record.bytes_in += n as u64;
    }
}

fn half_close_echo(
    stream: &mut TcpStream,
    shared: &Shared,
    record: &mut ConnRecord,
) -> io::Result<()> {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = read_some(stream, &mut buf, shared)?;
        if n == 0 {
            break;
        }
        record.bytes_in += n as u64;
        stream.write_all(&buf[..n])?;
    }
    stream.write_all(format!("eof after {}\n", record.bytes_in).as_bytes())?;
    stream.shutdown(Shutdown::Write)
}
