//! Ready-made step lists for scripted mock servers (`Script`): what the
//! servers behind haproxy's health checks answer, right and wrong. Each
//! function returns the steps of one connection; the wire formats are the
//! minimal ones haproxy 2.6's checks accept or refuse (§5 of the behaviour
//! reference).

use super::script::Step;

/// Seed 002's xinetd script on `check port 9200`: it reads the check's
/// request and answers `HTTP/1.1 200 OK` while the Puppet master runs,
/// `503 Service Unavailable` once it failed, with the script's exact bytes.
pub fn xinetd(running: bool) -> Vec<Step> {
    let reply: &str = if running {
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 26\r\n\r\nPuppetmaster is running.\r\n"
    } else {
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 26\r\n\r\nPuppetmaster has failed.\r\n"
    };
    vec![Step::http_request(), Step::text(reply)]
}

/// An HTTP server answering `HTTP/1.1 <status>` (e.g. `"404 Not Found"`)
/// with an empty body.
pub fn http(status: &str) -> Vec<Step> {
    vec![
        Step::http_request(),
        Step::text(&format!(
            "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )),
    ]
}

/// A plain HTTP server facing bytes that are not HTTP (say, a TLS
/// ClientHello): whatever arrives first, it answers `400 Bad Request`.
pub fn http_bad_request() -> Vec<Step> {
    vec![
        Step::any(),
        Step::text("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    ]
}

/// A server answering an HTTP request with something that is not HTTP.
pub fn not_http() -> Vec<Step> {
    vec![Step::http_request(), Step::text("SSH-2.0-OpenSSH_9.2\r\n")]
}

/// A server that accepts and never answers, until the peer closes.
pub fn silent() -> Vec<Step> {
    vec![Step::Hold]
}

/// A server that reads what arrives first, then closes without a word.
pub fn close_after_request() -> Vec<Step> {
    vec![Step::any()]
}

/// A TLS-ish server: whatever arrives first (the check's ClientHello, or
/// a client's bytes through the proxy), it answers with one TLS handshake
/// record (`0x16`, version 3.1) whose payload is `name` and a newline, so a
/// client that went through the proxy can tell which server it reached.
pub fn tls_record(name: &str) -> Vec<Step> {
    let payload = format!("{name}\n");
    let len = u16::try_from(payload.len()).expect("a short name");
    let mut rec = vec![0x16, 0x03, 0x01];
    rec.extend_from_slice(&len.to_be_bytes());
    rec.extend_from_slice(payload.as_bytes());
    vec![Step::any(), Step::Write(rec)]
}

/// A redis server answering `PING` with `+PONG`.
pub fn redis_pong() -> Vec<Step> {
    vec![Step::Read(b"PING\r\n".to_vec()), Step::text("+PONG\r\n")]
}

/// A redis server that wants a password.
pub fn redis_noauth() -> Vec<Step> {
    vec![
        Step::Read(b"PING\r\n".to_vec()),
        Step::text("-NOAUTH Authentication required.\r\n"),
    ]
}

/// An SMTP server: banner, `250` to the HELO, `221` to the QUIT.
pub fn smtp_ok() -> Vec<Step> {
    vec![
        Step::text("220 mail ESMTP ready\r\n"),
        Step::Read(b"\r\n".to_vec()),
        Step::text("250 mail.local hello\r\n"),
        Step::Read(b"QUIT\r\n".to_vec()),
        Step::text("221 bye\r\n"),
    ]
}

/// An SMTP server that refuses service in its banner.
pub fn smtp_refusing() -> Vec<Step> {
    vec![Step::text("554 no service here\r\n")]
}

fn mysql_packet(seq: u8, body: &[u8]) -> Vec<u8> {
    let len = u32::try_from(body.len()).expect("a short packet");
    let mut p = len.to_le_bytes()[..3].to_vec();
    p.push(seq);
    p.extend_from_slice(body);
    p
}

/// A MySQL server's initial handshake (protocol 10, version `version`);
/// `mysql-check` without a user only reads it.
pub fn mysql_greeting(version: &str) -> Vec<Step> {
    let mut body = vec![0x0a];
    body.extend_from_slice(version.as_bytes());
    body.push(0);
    body.extend_from_slice(&[1, 0, 0, 0]); // connection id
    body.extend_from_slice(b"abcdefgh\0"); // auth data, part 1
    body.extend_from_slice(&[0xff, 0xf7, 0x21, 0x02, 0x00, 0xff, 0x81, 0x15]);
    body.extend_from_slice(&[0; 10]);
    body.extend_from_slice(b"ijklmnopqrst\0mysql_native_password\0");
    vec![Step::Write(mysql_packet(0, &body))]
}

/// A MySQL server that refuses the client's host with error `code`.
pub fn mysql_error(code: u16, text: &str) -> Vec<Step> {
    let mut body = vec![0xff];
    body.extend_from_slice(&code.to_le_bytes());
    body.extend_from_slice(text.as_bytes());
    vec![Step::Write(mysql_packet(0, &body))]
}

/// A PostgreSQL server accepting the startup packet (AuthenticationOk).
pub fn pgsql_ok() -> Vec<Step> {
    vec![
        Step::any(),
        Step::Write(b"R\x00\x00\x00\x08\x00\x00\x00\x00".to_vec()),
    ]
}

/// A PostgreSQL server answering the startup packet with an
/// ErrorResponse (severity `FATAL`, SQLSTATE 28000, `message`).
pub fn pgsql_error(message: &str) -> Vec<Step> {
    let mut fields = b"SFATAL\0C28000\0M".to_vec();
    fields.extend_from_slice(message.as_bytes());
    fields.extend_from_slice(b"\0\0");
    let len = u32::try_from(fields.len() + 4).expect("a short message");
    let mut p = vec![b'E'];
    p.extend_from_slice(&len.to_be_bytes());
    p.extend_from_slice(&fields);
    vec![Step::any(), Step::Write(p)]
}

/// An LDAP server answering the anonymous bind with `resultCode` `code`
/// (0 is success, 49 invalid credentials).
pub fn ldap_bind(code: u8) -> Vec<Step> {
    let rsp = vec![
        0x30, 0x0c, 0x02, 0x01, 0x01, 0x61, 0x07, 0x0a, 0x01, code, 0x04, 0x00, 0x04, 0x00,
    ];
    vec![Step::any(), Step::Write(rsp)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_formats() {
        let Step::Write(g) = &mysql_greeting("5.7.0")[0] else {
            panic!("a write")
        };
        assert_eq!(usize::from(g[0]) + 4, g.len(), "length prefix");
        assert_eq!(&g[3..10], b"\x00\x0a5.7.0");
        let Step::Write(e) = &pgsql_error("no")[1] else {
            panic!("a write")
        };
        assert_eq!(e.len(), 1 + usize::from(e[4]));
        let Step::Write(t) = &tls_record("s1")[1] else {
            panic!("a write")
        };
        assert_eq!(t, b"\x16\x03\x01\x00\x03s1\n");
    }
}
