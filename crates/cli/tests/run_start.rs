//! Starting the proxy (issue 3, points 1, 2 and 4): every `bind` form
//! reaches the backend, what the runtime does not run stops start-up with
//! the explicit unsupported alert (exactly as `-c` does), a bind failure is
//! reported with haproxy's words, `-D -p` daemonizes with a pidfile, and
//! `option splice-auto` moves bytes intact.
//!
//! Scenarios that both binaries can run are written once over `Proxy`; the
//! `_haproxy` half is skipped loudly when haproxy is absent.

use std::net::{IpAddr, Ipv6Addr, SocketAddr, TcpListener};
use std::os::unix::net::UnixStream;
use std::process::Command;
use std::time::Duration;
use testkit::{
    lo, try_wait_until, Behaviour, Client, MockServer, PortReservation, ProcGuard, Proxy, TempDir,
};

const PORTCULLIS: &str = env!("CARGO_BIN_EXE_portcullis");
const DEADLINE: Duration = Duration::from_secs(10);

fn first_line(mut c: Client) -> String {
    c.set_read_timeout(DEADLINE).expect("timeout");
    c.read_line().expect("a line from the server")
}

fn unix_line(path: &std::path::Path) -> String {
    use std::io::{BufRead, BufReader};
    let s = UnixStream::connect(path).expect("connect to the unix listener");
    s.set_read_timeout(Some(DEADLINE)).expect("timeout");
    let mut line = String::new();
    BufReader::new(s).read_line(&mut line).expect("read");
    line.trim_end().to_string()
}

/// Two consecutive free ports on 127.0.0.1 (for a port range).
fn port_pair() -> (PortReservation, u16) {
    for _ in 0..50 {
        let r = PortReservation::loopback().expect("reserve");
        let next = r.addr().port().wrapping_add(1);
        if next > 1024 && TcpListener::bind(("127.0.0.1", next)).is_ok() {
            return (r, next);
        }
    }
    panic!("no two consecutive free ports");
}

fn ipv6_loopback() -> bool {
    TcpListener::bind((Ipv6Addr::LOCALHOST, 0)).is_ok()
}

/// Every address form of a `bind` line: a comma list with IPv6, `ipv4@`, a
/// port range, `unix@` and a plain path, and an inherited `fd@N`.
fn bind_forms(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let srv = MockServer::start(lo(2), "srv", Behaviour::Named);
    let dir = TempDir::new("binds").expect("tempdir");
    let a = PortReservation::loopback().expect("reserve");
    let b = PortReservation::loopback().expect("reserve");
    let (range, next) = port_pair();
    let v6 = ipv6_loopback();
    let c = if v6 {
        Some(PortReservation::new(IpAddr::V6(Ipv6Addr::LOCALHOST)).expect("reserve v6"))
    } else {
        eprintln!("SKIP (part): no IPv6 loopback, the [::1] bind is left out");
        None
    };
    // an inherited listening socket, without close-on-exec
    let inherited =
        socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).expect("socket");
    inherited
        .bind(&SocketAddr::from(([127, 0, 0, 1], 0)).into())
        .expect("bind");
    inherited.listen(16).expect("listen");
    inherited.set_cloexec(false).expect("inheritable");
    let fd_addr = inherited
        .local_addr()
        .expect("addr")
        .as_socket()
        .expect("inet");
    let fd = std::os::fd::AsRawFd::as_raw_fd(&inherited);
    let unix1 = dir.path().join("a.sock");
    let unix2 = dir.path().join("b.sock");
    let list = match &c {
        Some(c) => format!("{},{}", a.addr(), c.addr()),
        None => a.addr().to_string(),
    };
    let config = format!(
        "defaults\n  mode tcp\n  timeout connect 5s\n  timeout client 10s\n  timeout server 10s\n\
         listen l\n  bind {list}\n  bind ipv4@{}\n  bind 127.0.0.1:{}-{next}\n  bind unix@{}\n  bind {}\n  bind fd@{fd}\n  server s {}\n",
        b.addr(),
        range.addr().port(),
        unix1.display(),
        unix2.display(),
        srv.addr()
    );
    let mut listen = vec![a, b, range];
    let mut tcp: Vec<SocketAddr> = listen.iter().map(PortReservation::addr).collect();
    tcp.push(SocketAddr::from(([127, 0, 0, 1], next)));
    if let Some(c) = c {
        tcp.push(c.addr());
        listen.push(c);
    }
    let run = bin.start(&config, listen);
    for addr in &tcp {
        let cl = Client::connect(*addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
        assert_eq!(first_line(cl), "srv", "through {addr}");
    }
    assert!(
        try_wait_until(DEADLINE, || unix1.exists() && unix2.exists()),
        "unix listeners created"
    );
    assert_eq!(unix_line(&unix1), "srv", "through unix@");
    assert_eq!(unix_line(&unix2), "srv", "through a plain path");
    let cl = Client::connect(fd_addr).expect("connect to the inherited socket");
    assert_eq!(first_line(cl), "srv", "through fd@{fd}");
    drop(run);
}

#[test]
fn bind_forms_haproxy() {
    bind_forms(Proxy::Haproxy);
}

#[test]
fn bind_forms_portcullis() {
    bind_forms(Proxy::Portcullis);
}

/// Runs the binary to completion on a config written as `t.cfg` in `dir`
/// (its working directory); (exit code, stderr with the pid replaced by
/// PID and the binary's path by BIN).
fn run_in(dir: &TempDir, bin: &str, config: &str, args: &[&str]) -> (i32, String) {
    dir.write("t.cfg", config).expect("write");
    let out = Command::new(bin)
        .args(["-f", "t.cfg"])
        .args(args)
        .current_dir(dir.path())
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    let norm = text
        .lines()
        .map(|l| match (l.find('('), l.find(')')) {
            (Some(a), Some(b)) if a < b => format!("{}(PID){}", &l[..a], &l[b + 1..]),
            _ => l.to_string(),
        })
        .filter(|l| !l.contains("haproxy version is") && !l.contains("path to executable"))
        // haproxy names itself by argv[0] in `[%s.main()]`
        .map(|l| l.replace(bin, "BIN"))
        .collect::<Vec<_>>()
        .join("\n");
    (out.status.code().unwrap_or(-1), norm)
}

/// A setting the runtime does not run stops start-up with the same
/// alert `-c` prints, and exit code 1.
#[test]
fn unsupported_refused_at_start_as_in_check() {
    let port = PortReservation::loopback().expect("reserve");
    let config = format!(
        "defaults\n  timeout connect 5s\n  timeout client 10s\n  timeout server 10s\n\
         frontend fe\n  mode http\n  bind {}\n  default_backend be\nbackend be\n  mode http\n  server s 127.0.0.1:9\n",
        port.addr()
    );
    let dir = TempDir::new("start").expect("tempdir");
    let (check_code, check_err) = run_in(&dir, PORTCULLIS, &config, &["-c"]);
    let (start_code, start_err) = run_in(&dir, PORTCULLIS, &config, &["-db"]);
    assert_eq!((check_code, start_code), (1, 1));
    let refusal = "'mode http' is not supported by portcullis yet";
    assert!(check_err.contains(refusal), "{check_err}");
    assert!(start_err.contains(refusal), "{start_err}");
    let alerts = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| l.contains(refusal))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(alerts(&check_err), alerts(&start_err));
}

/// A port already taken (without SO_REUSEPORT): haproxy's two alerts and
/// exit 1, the same bytes from both binaries.
#[test]
fn bind_failure_like_haproxy() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr");
    let config = format!(
        "defaults\n  mode tcp\n  timeout connect 5s\n  timeout client 10s\n  timeout server 10s\n\
         frontend fe\n  bind {addr}\n  default_backend be\nbackend be\n  server s 127.0.0.1:9\n"
    );
    let dir = TempDir::new("start").expect("tempdir");
    let (code, err) = run_in(&dir, PORTCULLIS, &config, &["-db"]);
    let expected = format!(
        "[ALERT]    (PID) : Binding [t.cfg:7] for frontend fe: cannot bind socket (Address already in use) for [{addr}]\n\
         [ALERT]    (PID) : [BIN.main()] Some protocols failed to start their listeners! Exiting."
    );
    assert_eq!((code, err.as_str()), (1, expected.as_str()));
    let Some(h) = Proxy::Haproxy.locate(PORTCULLIS) else {
        return;
    };
    let theirs = run_in(&dir, &h.path.to_string_lossy(), &config, &["-db"]);
    assert_eq!(theirs, (code, err), "haproxy says the same");
}

/// Kills a daemonized pid on drop.
struct PidGuard(i32);

impl Drop for PidGuard {
    fn drop(&mut self) {
        // SAFETY: kill has no memory effects.
        unsafe { libc::kill(self.0, libc::SIGKILL) };
    }
}

/// `-D -p FILE`: the command returns 0 at once, the pidfile names the
/// daemon, which serves, and SIGUSR1 stops it.
#[test]
fn daemon_and_pidfile() {
    let srv = MockServer::start(lo(2), "srv", Behaviour::Named);
    let port = PortReservation::loopback().expect("reserve");
    let addr = port.addr();
    drop(port);
    let dir = TempDir::new("daemon").expect("tempdir");
    let pidfile = dir.path().join("p.pid");
    let config = format!(
        "defaults\n  mode tcp\n  timeout connect 5s\n  timeout client 10s\n  timeout server 10s\n\
         listen l\n  bind {addr}\n  server s {}\n",
        srv.addr()
    );
    let cfg = dir.write("d.cfg", &config).expect("write");
    let out = dir.path().join("out");
    let mut parent = ProcGuard::spawn(
        std::path::Path::new(PORTCULLIS),
        [
            "-D",
            "-p",
            &pidfile.to_string_lossy(),
            "-f",
            &cfg.to_string_lossy(),
        ],
        &out,
    )
    .expect("spawn");
    let status = parent.wait_exit(DEADLINE).expect("the parent returns");
    assert!(status.success(), "{}", parent.output());
    let pid: i32 = std::fs::read_to_string(&pidfile)
        .expect("pidfile written before the parent exits")
        .trim()
        .parse()
        .expect("a pid");
    let _guard = PidGuard(pid);
    assert_ne!(pid as u32, parent.pid(), "the pidfile names the daemon");
    assert!(try_wait_until(DEADLINE, || Client::connect(addr).is_ok()));
    assert_eq!(first_line(Client::connect(addr).expect("connect")), "srv");
    // SAFETY: kill has no memory effects.
    unsafe { libc::kill(pid, libc::SIGUSR1) };
    let gone = try_wait_until(DEADLINE, || {
        // SAFETY: signal 0 only checks that the process exists.
        let dead = unsafe { libc::kill(pid, 0) } != 0;
        let zombie = std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .map(|s| s.contains(") Z "))
            .unwrap_or(true);
        dead || zombie
    });
    assert!(gone, "the daemon stops on SIGUSR1");
}

/// `option splice-auto`: 64 MiB each way through splice(), byte-exact.
fn splice_echo(p: Proxy) {
    use std::io::{Read, Write};
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let echo = MockServer::start(lo(2), "echo", Behaviour::HalfCloseEcho);
    let port = PortReservation::loopback().expect("reserve");
    let addr = port.addr();
    let config = format!(
        "defaults\n  mode tcp\n  option splice-auto\n  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\n\
         listen l\n  bind {addr}\n  server s {}\n",
        echo.addr()
    );
    let _run = bin.start(&config, vec![port]);
    let mut c = std::net::TcpStream::connect(addr).expect("connect");
    c.set_read_timeout(Some(DEADLINE)).expect("timeout");
    let total: usize = 64 << 20;
    let mut w = c.try_clone().expect("clone");
    let writer = std::thread::spawn(move || {
        let mut block = vec![0u8; 1 << 16];
        let mut sent = 0usize;
        while sent < total {
            for (i, b) in block.iter_mut().enumerate() {
                *b = ((sent + i) % 251) as u8;
            }
            w.write_all(&block).expect("write");
            sent += block.len();
        }
        w.shutdown(std::net::Shutdown::Write).expect("shutdown");
    });
    // the echo, then the mock's `eof after N` line
    let mut got = 0usize;
    let mut buf = vec![0u8; 1 << 16];
    let mut bad = None;
    let mut trailer = Vec::new();
    loop {
        let n = c.read(&mut buf).expect("read within the deadline");
        if n == 0 {
            break;
        }
        for (i, b) in buf[..n].iter().enumerate() {
            let at = got + i;
            if at >= total {
                trailer.push(*b);
            } else if bad.is_none() && *b != (at % 251) as u8 {
                bad = Some(at);
            }
        }
        got += n;
    }
    writer.join().expect("writer");
    assert_eq!(bad, None, "echo differs");
    assert_eq!(
        String::from_utf8_lossy(&trailer),
        format!("eof after {total}\n")
    );
}

#[test]
fn splice_echo_haproxy() {
    splice_echo(Proxy::Haproxy);
}

#[test]
fn splice_echo_portcullis() {
    splice_echo(Proxy::Portcullis);
}

/// `hard-stop-after`: after SIGUSR1, a session still open when the delay
/// expires is closed and the process exits.
fn hard_stop_after(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let srv = MockServer::start(lo(2), "srv", Behaviour::Named);
    let port = PortReservation::loopback().expect("reserve");
    let addr = port.addr();
    let config = format!(
        "global\n  hard-stop-after 300ms\n\
         defaults\n  mode tcp\n  timeout connect 5s\n  timeout client 60s\n  timeout server 60s\n\
         listen l\n  bind {addr}\n  server s {}\n",
        srv.addr()
    );
    let mut run = bin.start(&config, vec![port]);
    let mut c = Client::connect(addr).expect("connect");
    c.set_read_timeout(DEADLINE).expect("timeout");
    assert_eq!(c.read_line().expect("served"), "srv");
    run.guard.signal(libc::SIGUSR1);
    let status = run
        .guard
        .wait_exit(DEADLINE)
        .expect("the process exits once hard-stop-after expires");
    assert!(status.success(), "exit status {status}");
    let (_, closed) = c.read_until_closed(DEADLINE);
    assert_ne!(closed, testkit::Closed::StillOpen, "the session was closed");
}

#[test]
fn hard_stop_after_haproxy() {
    hard_stop_after(Proxy::Haproxy);
}

#[test]
fn hard_stop_after_portcullis() {
    hard_stop_after(Proxy::Portcullis);
}
