//! Bulk transfers and half-close through the proxy, end to end on loopback
//! (issue 3): a GiB in each direction, checked byte for byte against the
//! `testkit::Pattern` stream with bounded memory, and each side shutting
//! its write side first while the other keeps sending.
//!
//! Every scenario is written once over `Proxy` and run twice: `_haproxy`
//! against the real haproxy 2.6 (skipped loudly when it is absent) and
//! `_portcullis` against ours.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::time::Duration;
use testkit::{
    lo, render, runtime_fixture, wait_until, Behaviour, Client, Closed, MockServer, Pattern,
    PortReservation, Proxy, ProxyBin, Running, Verifier, BLOCK,
};

const PORTCULLIS: &str = env!("CARGO_BIN_EXE_portcullis");

const GIB: u64 = 1 << 30;

/// The small download of the half-close test.
const SMALL: u64 = 1000;

/// `fixtures/runtime/transfer.cfg` running in front of its four servers.
struct Transfer {
    _run: Running,
    upload: SocketAddr,
    download: SocketAddr,
    greet: SocketAddr,
    echo: SocketAddr,
    sink: MockServer,
    source: MockServer,
    small_source: MockServer,
    echo_srv: MockServer,
}

fn start(bin: &ProxyBin) -> Transfer {
    let sink = MockServer::start(lo(2), "sink", Behaviour::Sink);
    let source = MockServer::start(lo(2), "source", Behaviour::Source(GIB));
    let small_source = MockServer::start(lo(2), "small", Behaviour::Source(SMALL));
    let echo_srv = MockServer::start(lo(2), "echo", Behaviour::HalfCloseEcho);
    let ports: Vec<PortReservation> = (0..4)
        .map(|_| PortReservation::loopback().expect("reserve"))
        .collect();
    let a: Vec<SocketAddr> = ports.iter().map(PortReservation::addr).collect();
    let config = render(
        &runtime_fixture("transfer.cfg"),
        &[
            ("UPLOAD", a[0].to_string()),
            ("DOWNLOAD", a[1].to_string()),
            ("GREET", a[2].to_string()),
            ("ECHO", a[3].to_string()),
            ("SINK", sink.addr().to_string()),
            ("SOURCE", source.addr().to_string()),
            ("SMALL_SOURCE", small_source.addr().to_string()),
            ("ECHO_SRV", echo_srv.addr().to_string()),
        ],
    );
    Transfer {
        _run: bin.start(&config, ports),
        upload: a[0],
        download: a[1],
        greet: a[2],
        echo: a[3],
        sink,
        source,
        small_source,
        echo_srv,
    }
}

/// The client sends 1 GiB of the pattern and shuts its write side; the
/// server saw every byte exactly and, the connection half-closed, can
/// still answer.
fn upload_1gib(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let t = start(&bin);
    let mut c = Client::connect(t.upload).expect("connect");
    let pattern = Pattern::new();
    let mut buf = vec![0u8; BLOCK];
    let mut off = 0;
    while off < GIB {
        pattern.fill(off, &mut buf);
        c.stream().write_all(&buf).expect("send the pattern");
        off += BLOCK as u64;
    }
    c.shutdown_write().expect("shutdown");
    assert_eq!(
        c.read_line().expect("the sink's verdict"),
        format!("ok {GIB}")
    );
    let (rest, how) = c.read_until_closed(Duration::from_secs(15));
    assert_eq!((rest.len(), how), (0, Closed::Eof));
    wait_until("the sink's record", Duration::from_secs(15), || {
        !t.sink.records().is_empty()
    });
    let r = &t.sink.records()[0];
    assert_eq!((r.bytes_in, r.pattern_ok), (GIB, Some(true)));
}

#[test]
fn upload_1gib_haproxy() {
    upload_1gib(Proxy::Haproxy);
}

#[test]
fn upload_1gib_portcullis() {
    upload_1gib(Proxy::Portcullis);
}

/// Reads the pattern until end of stream; returns the verifier.
fn read_pattern(c: &mut Client) -> Verifier {
    let mut v = Verifier::new();
    let mut buf = vec![0u8; BLOCK];
    loop {
        match c.stream().read(&mut buf) {
            Ok(0) => return v,
            Ok(n) => v.feed(&buf[..n]),
            Err(e) => panic!("download failed after {} bytes: {e}", v.received),
        }
    }
}

/// The server sends 1 GiB and shuts its write side: the client gets every
/// byte exactly, then end of stream, and can still send to the server.
fn download_1gib(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let t = start(&bin);
    let mut c = Client::connect(t.download).expect("connect");
    let v = read_pattern(&mut c);
    assert!(
        v.is_exact(GIB),
        "received {} bytes, first mismatch {:?}",
        v.received,
        v.first_mismatch
    );
    c.send(b"after eof\n")
        .expect("send after the server's shutdown");
    c.shutdown_write().expect("shutdown");
    wait_until("the source's record", Duration::from_secs(15), || {
        !t.source.records().is_empty()
    });
    assert_eq!(t.source.records()[0].bytes_in, 10);
}

#[test]
fn download_1gib_haproxy() {
    download_1gib(Proxy::Haproxy);
}

#[test]
fn download_1gib_portcullis() {
    download_1gib(Proxy::Portcullis);
}

/// The client shuts its write side first: the server sees end of stream
/// after the data and still sends, and the client reads all of it, then
/// end of stream.
fn half_close_client_first(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let t = start(&bin);
    let mut c = Client::connect(t.echo).expect("connect");
    c.send(b"hello\n").expect("send");
    c.shutdown_write().expect("shutdown");
    let (data, how) = c.read_until_closed(Duration::from_secs(15));
    assert_eq!(String::from_utf8_lossy(&data), "hello\neof after 6\n");
    assert_eq!(how, Closed::Eof);
    wait_until("the echo server's record", Duration::from_secs(15), || {
        !t.echo_srv.records().is_empty()
    });
}

#[test]
fn half_close_client_first_haproxy() {
    half_close_client_first(Proxy::Haproxy);
}

#[test]
fn half_close_client_first_portcullis() {
    half_close_client_first(Proxy::Portcullis);
}

/// The server shuts its write side first: the client reads the data and
/// end of stream, then still sends, and the server receives it.
fn half_close_server_first(p: Proxy) {
    let Some(bin) = p.locate(PORTCULLIS) else {
        return;
    };
    let t = start(&bin);
    let mut c = Client::connect(t.greet).expect("connect");
    let v = read_pattern(&mut c);
    assert!(v.is_exact(SMALL), "received {} bytes", v.received);
    for _ in 0..3 {
        c.send(b"more\n").expect("send after the server's shutdown");
    }
    c.shutdown_write().expect("shutdown");
    wait_until("the server's record", Duration::from_secs(15), || {
        !t.small_source.records().is_empty()
    });
    assert_eq!(t.small_source.records()[0].bytes_in, 15);
    let (rest, how) = c.read_until_closed(Duration::from_secs(15));
    assert_eq!((rest.len(), how), (0, Closed::Eof));
}

#[test]
fn half_close_server_first_haproxy() {
    half_close_server_first(Proxy::Haproxy);
}

#[test]
fn half_close_server_first_portcullis() {
    half_close_server_first(Proxy::Portcullis);
}
