//! Request bytes and response parsing of HTTP checks.

use super::*;

#[test]
fn request_bytes() {
    let r = Request::default();
    assert_eq!(r.to_bytes(None), b"OPTIONS / HTTP/1.0\r\n\r\n");
    let r = Request {
        ver: "HTTP/2".into(),
        meth: "GET".into(),
        uri: "/x".into(),
        ..Request::default()
    };
    assert_eq!(r.to_bytes(None), b"GET /x HTTP/1.1\r\n\r\n");
}

fn head(buf: &[u8], eof: bool) -> Response {
    match parse(buf, eof, false) {
        Parsed::Head(r) => r,
        other => panic!("{other:?}"),
    }
}

#[test]
fn responses() {
    let r = head(b"HTTP/1.0 503\r\n\r\n", false);
    assert_eq!(
        (r.status, r.reason.as_slice(), r.complete),
        (503, &b""[..], false)
    );
    let r = head(b"HTTP/1.0 200 OK\nX: y\n\n", true);
    assert_eq!(r.hdrs, vec![(b"x".to_vec(), b"y".to_vec())]);
    assert!(r.complete);
    let r = head(
        b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world",
        false,
    );
    assert!(r.complete && r.body == b"hello world");
    let r = head(b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello", false);
    assert!(!r.complete);
    let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n6\r\nneedle\r\n0\r\n\r\n";
    let r = head(chunked, false);
    assert!(r.complete && r.body == b"abcneedle");
    match parse(
        b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n",
        false,
        true,
    ) {
        Parsed::Head(r) => assert!(r.complete && r.body.is_empty()),
        other => panic!("{other:?}"),
    }
    assert_eq!(parse(b"hello world\r\n", false, false), Parsed::Invalid);
    assert_eq!(parse(b"hel", false, false), Parsed::Invalid);
    assert_eq!(
        parse(b"HTTP/1.x 200 OK\r\n\r\n", false, false),
        Parsed::Invalid
    );
    assert_eq!(
        parse(b"HTTP/1.0 200 OK\r\nX-A: b\r\n", true, false),
        Parsed::Partial
    );
    assert_eq!(parse(b"HTT", false, false), Parsed::Partial);
    assert_eq!(
        parse(b"HTTP/1.0 200 OK\r\nbad header\r\n\r\n", false, false),
        Parsed::Invalid
    );
}

#[test]
fn header_patterns() {
    let hdrs = vec![(b"x-ok".to_vec(), b"no, yes".to_vec())];
    let m = |name: Pat, value: Option<Pat>, full| HdrMatch { name, value, full }.matches(&hdrs);
    assert!(m(Pat::Str(b"X-Ok".to_vec()), None, false));
    assert!(m(
        Pat::Str(b"x-ok".to_vec()),
        Some(Pat::Str(b"yes".to_vec())),
        false
    ));
    assert!(!m(
        Pat::Str(b"x-ok".to_vec()),
        Some(Pat::Str(b"yes".to_vec())),
        true
    ));
    assert!(m(
        Pat::Beg(b"x-".to_vec()),
        Some(Pat::End(b"yes".to_vec())),
        true
    ));
    assert!(!m(Pat::Sub(b"nope".to_vec()), None, false));
}
