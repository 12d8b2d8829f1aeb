//! Waiting on conditions with a deadline: tests never sleep and then assert,
//! they poll a condition until it holds or the deadline passes.

use std::time::{Duration, Instant};

/// How often conditions are polled.
const POLL: Duration = Duration::from_millis(5);

/// Polls `cond` until it returns true or `within` has passed; returns
/// whether it held.
pub fn try_wait_until(within: Duration, mut cond: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    loop {
        if cond() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(POLL);
    }
}

/// Polls `cond` until it returns true, panicking with `what` once `within`
/// has passed.
pub fn wait_until(what: &str, within: Duration, cond: impl FnMut() -> bool) {
    assert!(
        try_wait_until(within, cond),
        "timed out after {within:?} waiting for {what}"
    );
}
