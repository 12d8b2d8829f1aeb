//! Scripted mock connections: what a health-checked server says, step by
//! step, and a handle to change it while the server runs.
//!
//! A `Script` holds the steps every new connection plays (its default) and
//! a queue of one-off step lists that the next connections take first, in
//! order. The queue is what makes a check test deterministic: whatever the
//! timing, the proxy sees exactly the replies queued, in that order, so its
//! rise/fall counting and its messages cannot depend on the machine's
//! speed. Switching the default (`Script::set`) drains a server or brings
//! it back, as an operator stopping an xinetd check script does.

use super::conn::read_some;
use super::{ConnRecord, Shared};
use std::collections::VecDeque;
use std::io::{self, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

/// How many received bytes a connection record keeps (`ConnRecord::head`).
const HEAD: usize = 4096;

/// One step of a scripted connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Writes these bytes.
    Write(Vec<u8>),
    /// Reads until the bytes received and not yet consumed by an earlier
    /// `Read` contain this delimiter (consuming up to its end); an empty
    /// delimiter waits for at least one byte and consumes what arrived. An
    /// end of stream first ends the script.
    Read(Vec<u8>),
    /// Stays open and silent, reading, until the peer closes.
    Hold,
    /// Closes at once with a reset (`SO_LINGER` 0).
    Reset,
    /// Waits this long before the next step (a server slow to greet).
    Pause(std::time::Duration),
}

impl Step {
    /// `Read` up to the end of an HTTP request head.
    pub fn http_request() -> Step {
        Step::Read(b"\r\n\r\n".to_vec())
    }

    /// `Read` of whatever arrives first.
    pub fn any() -> Step {
        Step::Read(Vec::new())
    }

    /// `Write` of a text.
    pub fn text(s: &str) -> Step {
        Step::Write(s.as_bytes().to_vec())
    }
}

#[derive(Debug)]
struct State {
    default: Vec<Step>,
    queue: VecDeque<Vec<Step>>,
    /// Connections that played the current default since it was set.
    served_default: usize,
    /// Connections that took a queued step list.
    served_queued: usize,
}

/// The steps of a scripted mock server, shared with the test that changes
/// them; see the module documentation. Two handles are equal when they are
/// the same script.
#[derive(Clone, Debug)]
pub struct Script(Arc<Mutex<State>>);

impl PartialEq for Script {
    fn eq(&self, other: &Script) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Script {}

impl Script {
    /// A script playing `steps` on every connection. After the last step
    /// the server closes the connection (an orderly close, or a reset if
    /// unread bytes remain, as the kernel does).
    pub fn new(steps: Vec<Step>) -> Script {
        Script(Arc::new(Mutex::new(State {
            default: steps,
            queue: VecDeque::new(),
            served_default: 0,
            served_queued: 0,
        })))
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        super::lock(&self.0)
    }

    /// Replaces the default steps for the connections accepted from now on
    /// (after the queue) and restarts the `served` count.
    pub fn set(&self, steps: Vec<Step>) {
        let mut s = self.state();
        s.default = steps;
        s.served_default = 0;
    }

    /// Appends one step list per connection to the queue: the next
    /// connections play them, in order, before the default again.
    pub fn queue(&self, conns: impl IntoIterator<Item = Vec<Step>>) {
        self.state().queue.extend(conns);
    }

    /// Connections that started the current default since it was set.
    pub fn served(&self) -> usize {
        self.state().served_default
    }

    /// Connections that took a queued step list so far.
    pub fn served_queued(&self) -> usize {
        self.state().served_queued
    }

    /// Queued step lists not taken yet.
    pub fn queued(&self) -> usize {
        self.state().queue.len()
    }

    /// The steps for a new connection.
    fn next_conn(&self) -> Vec<Step> {
        let mut s = self.state();
        match s.queue.pop_front() {
            Some(steps) => {
                s.served_queued += 1;
                steps
            }
            None => {
                s.served_default += 1;
                s.default.clone()
            }
        }
    }
}

/// Plays the next step list of `script` on `stream`.
pub(super) fn play(
    stream: &mut TcpStream,
    script: &Script,
    shared: &Shared,
    record: &mut ConnRecord,
) -> io::Result<()> {
    let steps = script.next_conn();
    let mut unread: Vec<u8> = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    for step in steps {
        match step {
            Step::Write(bytes) => stream.write_all(&bytes)?,
            Step::Read(delim) => loop {
                if let Some(end) = find_end(&unread, &delim) {
                    unread.drain(..end);
                    break;
                }
                let n = read_some(stream, &mut buf, shared)?;
                if n == 0 {
                    return Ok(());
                }
                keep(record, &buf[..n]);
                unread.extend_from_slice(&buf[..n]);
            },
            Step::Hold => loop {
                let n = read_some(stream, &mut buf, shared)?;
                if n == 0 {
                    return Ok(());
                }
                keep(record, &buf[..n]);
            },
            Step::Pause(d) => std::thread::sleep(d),
            Step::Reset => {
                socket2::SockRef::from(&*stream).set_linger(Some(std::time::Duration::ZERO))?;
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Where the consumed part of `unread` ends once `delim` is satisfied.
fn find_end(unread: &[u8], delim: &[u8]) -> Option<usize> {
    if delim.is_empty() {
        return (!unread.is_empty()).then_some(unread.len());
    }
    unread
        .windows(delim.len())
        .position(|w| w == delim)
        .map(|i| i + delim.len())
}

fn keep(record: &mut ConnRecord, bytes: &[u8]) {
    record.bytes_in += bytes.len() as u64;
    let room = HEAD.saturating_sub(record.head.len());
    record
        .head
        .extend_from_slice(&bytes[..room.min(bytes.len())]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_consume_up_to_their_end() {
        assert_eq!(find_end(b"GET / HTTP/1.0\r\n\r\nX", b"\r\n\r\n"), Some(18));
        assert_eq!(find_end(b"GET / HTTP/1.0\r\n", b"\r\n\r\n"), None);
        assert_eq!(find_end(b"", b""), None);
        assert_eq!(find_end(b"ab", b""), Some(2));
    }

    #[test]
    fn the_queue_goes_first_then_the_default() {
        let s = Script::new(vec![Step::text("a")]);
        s.queue([vec![Step::text("q1")], vec![Step::text("q2")]]);
        assert_eq!(s.next_conn(), vec![Step::text("q1")]);
        assert_eq!(s.next_conn(), vec![Step::text("q2")]);
        assert_eq!(s.next_conn(), vec![Step::text("a")]);
        s.set(vec![Step::text("b")]);
        assert_eq!(s.served(), 0);
        assert_eq!(s.next_conn(), vec![Step::text("b")]);
        assert_eq!((s.served(), s.served_queued(), s.queued()), (1, 2, 0));
        assert_eq!(s.clone(), s);
        assert_ne!(s, Script::new(Vec::new()));
    }
}
