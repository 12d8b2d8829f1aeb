//! Tests of address parsing: every form and error, with haproxy 2.6.12's texts.

use super::*;
use crate::build::Options;
use crate::cx::ProcEnv;
use crate::host::SystemLikeHost;

fn host() -> SystemLikeHost {
    SystemLikeHost {
        hosts: vec![("localhost".into(), IpAddr::V4(Ipv4Addr::LOCALHOST))],
        ..SystemLikeHost::default()
    }
}

/// Parses `text` and renders the result, or the error text.
fn check(rules: &AddrRules, text: &str, expected: &str) {
    let h = host();
    let mut env = ProcEnv::default();
    env.set(b"ADDR", b"127.0.0.1:81");
    env.set(b"EMPTY", b"");
    let cx = Cx::new(&h, Options::default(), env);
    let got = match parse_list(&cx, text, rules) {
        Ok(list) => list
            .iter()
            .map(|a| a.to_string())
            .collect::<Vec<_>>()
            .join(" "),
        Err(e) => format!("ERR {e}"),
    };
    assert_eq!(got, expected, "{text}");
}

#[test]
fn bind_addresses() {
    let r = AddrRules::bind();
    check(&r, ":80", "0.0.0.0:80");
    check(&r, "*:80", "0.0.0.0:80");
    check(&r, ":::8080", "[::]:8080");
    check(&r, "::1:8080", "[::1]:8080");
    check(&r, "[::1]:8080", "[::1]:8080");
    check(&r, "ipv6@::1:8080", "[::1]:8080");
    check(&r, "127.0.0.1:8000-8002", "127.0.0.1:8000-8002");
    check(&r, "127.0.0.1:8a", "127.0.0.1:8");
    check(&r, ":80,:81,", "0.0.0.0:80 0.0.0.0:81");
    check(&r, "localhost:80", "127.0.0.1:80");
    check(&r, "${ADDR}", "127.0.0.1:81");
    check(&r, "$NOPE:80", "0.0.0.0:80");
    check(&r, "/tmp/x.sock", "unix@/tmp/x.sock");
    check(&r, "abns@foo", "abns@foo");
    check(&r, "tcp@:80", "0.0.0.0:80");
}

#[test]
fn bind_errors() {
    let r = AddrRules::bind();
    check(
        &r,
        "127.0.0.1",
        "ERR missing port specification in '127.0.0.1'",
    );
    check(&r, "[::1]", "ERR missing port specification in '[::1]'");
    check(&r, ":0", "ERR invalid port '0'");
    check(&r, ":70000", "ERR invalid port '70000'");
    check(&r, ":18082-18080", "ERR invalid port range '18082-18080'");
    check(
        &r,
        "1.2.3.4:+80",
        "ERR port offset not permitted here in '1.2.3.4:+80'",
    );
    check(
        &r,
        "no.invalid:80",
        "ERR invalid address: 'no.invalid' in 'no.invalid:80'\n",
    );
    check(
        &r,
        "ipv6@127.0.0.1:80",
        "ERR invalid address: '127.0.0.1' in 'ipv6@127.0.0.1:80'\n",
    );
    check(
        &r,
        "mptcp@127.0.0.1:80",
        "ERR invalid address: 'mptcp@127.0.0.1' in 'mptcp@127.0.0.1:80'\n",
    );
    check(
        &r,
        "udp@1.2.3.4:5000",
        "ERR dgram-type address not acceptable in 'udp@1.2.3.4:5000'\n",
    );
    check(
        &r,
        "fd@x",
        "ERR file descriptor 'x' is not a valid integer in 'fd@x'\n",
    );
    check(
        &r,
        "fd@3",
        "ERR cannot use file descriptor '3' : Bad file descriptor.\n",
    );
    check(
        &r,
        ",:80",
        "ERR '' resolves to an empty address (environment variable missing?)",
    );
    check(
        &r,
        "$EMPTY",
        "ERR '$EMPTY' resolves to an empty address (environment variable missing?)",
    );
    check(
        &r,
        "quic4@:443",
        "ERR unsupported stream protocol for datagram family 2 address 'quic4@:443'; \
         QUIC is not compiled in if this is what you were looking for.",
    );
    let long = format!("/{}", "a".repeat(97));
    check(
        &r,
        &long,
        &format!("ERR socket path '{long}' too long (max 97)\n"),
    );
}

#[test]
fn server_addresses() {
    let r = AddrRules::server();
    check(&r, "1.2.3.4", "1.2.3.4");
    check(&r, "1.2.3.4:+1", "1.2.3.4:+1");
    check(&r, ":-1", "0.0.0.0:-1");
    check(&r, ":0", "0.0.0.0:0");
    check(&r, "this_puppet:8140", "this_puppet:8140");
    check(
        &r,
        "1.2.3.4:80-90",
        "ERR port range not permitted here in '1.2.3.4:80-90'",
    );
    check(
        &r,
        "1.2.3.4:abc",
        "ERR invalid character 'a' in port number 'abc' in '1.2.3.4:abc'\n",
    );
    check(&r, "1.2.3.4:99999", "ERR invalid port '99999'");
    check(
        &r,
        "fd@3",
        "ERR a file descriptor is not acceptable here in 'fd@3'\n",
    );
}

#[test]
fn log_targets_default_to_datagram() {
    let h = host();
    let cx = Cx::new(&h, Options::default(), ProcEnv::default());
    let a = parse(&cx, "127.0.0.1:514", &AddrRules::log());
    assert_eq!(a.map(|a| a.dgram), Ok(true));
    let a = parse(&cx, "fd@1", &AddrRules::log());
    assert_eq!(a.map(|a| a.target), Ok(Target::Fd(1)));
}
