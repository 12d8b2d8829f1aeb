//! Signals and handover, end to end on loopback (issue 3, haproxy
//! behaviour §8.2 and §8.3): SIGUSR1 soft stop, SIGTERM hard stop, and
//! `-sf PID` handover with a client loop running across it.
//!
//! Every scenario is written once over `Proxy` and run twice: `_haproxy`
//! against the real haproxy 2.6 (skipped loudly when it is absent) and
//! `_portcullis` against ours.

use std::net::SocketAddr;
use std::os::unix::process::ExitStatusExt;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;
use testkit::procfs::is_listening;
use testkit::{
    lo, render, runtime_fixture, wait_until, Behaviour, Client, Closed, MockServer,
    PortReservation, Proxy, ProxyBin, Running,
};

const PORTCULLIS: &str = env!("CARGO_BIN_EXE_portcullis");

const DEADLINE: Duration = Duration::from_secs(20);

/// `fixtures/runtime/signals.cfg` in front of a `Named` server.
fn start(bin: &ProxyBin, named: &MockServer) -> (Running, SocketAddr, String) {
    let port = PortReservation::loopback().expect("reserve");
    let addr = port.addr();
    let config = render(
        &runtime_fixture("signals.cfg"),
        &[
            ("APP", addr.to_string()),
            ("NAMED", named.addr().to_string()),
        ],
    );
    (bin.start(&config, vec![port]), addr, config)
}

/// SIGUSR1: the listener closes (new connections are refused), the
/// established session goes on until the client ends it, then the process
/// exits 0.
fn sigusr1_soft_stop(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let named = MockServer::start(lo(2), "s1", Behaviour::Named);
    let (mut run, addr, _) = start(&bin, &named);
    let mut c = Client::connect(addr).expect("connect");
    assert_eq!(c.read_line().expect("served"), "s1");
    run.guard.signal(libc::SIGUSR1);
    let pid = run.pid();
    wait_until("the listener to close", DEADLINE, || {
        !is_listening(pid, addr)
    });
    let refused = Client::connect(addr).map(|_| ());
    assert_eq!(
        refused.map_err(|e| e.kind()),
        Err(std::io::ErrorKind::ConnectionRefused)
    );
    c.send(b"still here\n")
        .expect("send on the established session");
    assert_eq!(c.read_line().expect("echo"), "still here");
    assert_eq!(
        run.guard.try_status(),
        None,
        "exited with a session still open"
    );
    drop(c);
    let status = run.guard.wait_exit(DEADLINE);
    assert!(
        status.is_some_and(|s| s.success()),
        "exit after soft stop: {status:?}\n{}",
        run.output()
    );
}

#[test]
fn sigusr1_soft_stop_haproxy() {
    sigusr1_soft_stop(Proxy::Haproxy);
}

#[test]
fn sigusr1_soft_stop_portcullis() {
    sigusr1_soft_stop(Proxy::Portcullis);
}

/// SIGTERM: the process ends at once with its sessions open, by the
/// signal's default action as haproxy 2.6 does (no handler, so the wait
/// status is "killed by SIGTERM"), and the client sees end of stream.
fn sigterm_hard_stop(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let named = MockServer::start(lo(2), "s1", Behaviour::Named);
    let (mut run, addr, _) = start(&bin, &named);
    let mut c = Client::connect(addr).expect("connect");
    assert_eq!(c.read_line().expect("served"), "s1");
    run.guard.signal(libc::SIGTERM);
    let status = run.guard.wait_exit(DEADLINE).expect("exit after SIGTERM");
    assert_eq!(status.signal(), Some(libc::SIGTERM), "{status:?}");
    assert_eq!(c.read_until_closed(DEADLINE), (Vec::new(), Closed::Eof));
}

#[test]
fn sigterm_hard_stop_haproxy() {
    sigterm_hard_stop(Proxy::Haproxy);
}

#[test]
fn sigterm_hard_stop_portcullis() {
    sigterm_hard_stop(Proxy::Portcullis);
}

/// `-sf <old pid>`: a new process starts on the same config and port while
/// a client loop connects one connection after another; the old process
/// soft-stops and exits 0, the new one serves on, and no connection attempt
/// of the loop was refused, reset or left without an answer.
fn sf_handover(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let named = MockServer::start(lo(2), "s1", Behaviour::Named);
    let (mut old, addr, config) = start(&bin, &named);
    let stop = AtomicBool::new(false);
    let served = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        // Stops the loop even when an assertion below panics, so that the
        // scope can end.
        let _stop = StopOnDrop(&stop);
        scope.spawn(|| {
            while !stop.load(Ordering::SeqCst) {
                let answer = Client::connect(addr).and_then(|mut c| c.read_line());
                match answer {
                    Ok(name) if name == "s1" => {
                        served.fetch_add(1, Ordering::SeqCst);
                    }
                    other => failures.lock().expect("lock").push(format!("{other:?}")),
                }
                // Pacing, not an assertion: a few hundred connections a
                // second cross the handover without piling up TIME_WAIT
                // sockets by the thousand.
                std::thread::sleep(Duration::from_millis(3));
            }
        });
        let count = || served.load(Ordering::SeqCst);
        wait_until("the loop to run on the old process", DEADLINE, || {
            count() >= 20
        });
        let new = old.handover(&config);
        let status = old.guard.wait_exit(DEADLINE);
        let after = count() + 20;
        wait_until("the loop to run on the new process", DEADLINE, || {
            count() >= after
        });
        stop.store(true, Ordering::SeqCst);
        assert!(
            status.is_some_and(|s| s.success()),
            "old process after -sf: {status:?}\n{}",
            old.output()
        );
        let mut new = new;
        assert_eq!(
            new.guard.try_status(),
            None,
            "the new process runs on\n{}",
            new.output()
        );
        assert!(is_listening(new.pid(), addr));
    });
    let failures = failures.into_inner().expect("lock");
    assert!(
        failures.is_empty(),
        "{} failed connection(s) during the handover: {failures:?}",
        failures.len()
    );
}

struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[test]
fn sf_handover_haproxy() {
    sf_handover(Proxy::Haproxy);
}

#[test]
fn sf_handover_portcullis() {
    sf_handover(Proxy::Portcullis);
}
