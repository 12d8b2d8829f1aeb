//! HTTP checks: the request haproxy 2.6 writes (built through HTX and
//! serialized by its H1 multiplexer, so header names are lower-case) and
//! a small HTTP/1 response parser, enough for the `status`, `rstatus`,
//! `hdr`, `fhdr`, `string` and `rstring` expectations.

/// One HTTP check request (`option httpchk` merged with `http-check send`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Request {
    pub meth: String,
    pub uri: String,
    pub ver: String,
    /// Header names as written; lower-cased on the wire. Values are the
    /// rendered log-format strings (empty ones are skipped, as haproxy).
    pub hdrs: Vec<(String, Vec<u8>)>,
    pub body: Vec<u8>,
    /// `http-check send-state`.
    pub send_state: bool,
}

impl Default for Request {
    fn default() -> Request {
        Request {
            meth: "OPTIONS".into(),
            uri: "/".into(),
            ver: "HTTP/1.0".into(),
            hdrs: Vec::new(),
            body: Vec::new(),
            send_state: false,
        }
    }
}

impl Request {
    /// The request bytes. Observed on haproxy 2.6.12: headers in order,
    /// then `x-haproxy-server-state`, then `content-length` when there is
    /// a body, then `connection: close` for `HTTP/1.1` only; `HTTP/2` is
    /// written as `HTTP/1.1` without `connection: close`.
    pub(crate) fn to_bytes(&self, server_state: Option<&str>) -> Vec<u8> {
        let h2 = self.ver.len() == 6 && self.ver.starts_with('H') && self.ver.as_bytes()[5] == b'2';
        let ver = if h2 { "HTTP/1.1" } else { self.ver.as_str() };
        let mut out = format!("{} {} {ver}\r\n", self.meth, self.uri).into_bytes();
        for (n, v) in self.hdrs.iter().filter(|(_, v)| !v.is_empty()) {
            out.extend_from_slice(n.to_ascii_lowercase().as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(v);
            out.extend_from_slice(b"\r\n");
        }
        if self.send_state {
            let v = server_state.unwrap_or("");
            out.extend_from_slice(format!("x-haproxy-server-state: {v}\r\n").as_bytes());
        }
        if !self.body.is_empty() {
            out.extend_from_slice(format!("content-length: {}\r\n", self.body.len()).as_bytes());
        }
        if self.ver == "HTTP/1.1" {
            out.extend_from_slice(b"connection: close\r\n");
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&self.body);
        out
    }
}

/// How a header name or value is compared (`-m str|beg|end|sub|reg`).
#[derive(Clone, Debug)]
pub(crate) enum Pat {
    Str(Vec<u8>),
    Beg(Vec<u8>),
    End(Vec<u8>),
    Sub(Vec<u8>),
    Reg(regex::bytes::Regex),
}

impl Pat {
    fn matches(&self, s: &[u8], icase: bool) -> bool {
        let low;
        let s = if icase {
            low = s.to_ascii_lowercase();
            &low[..]
        } else {
            s
        };
        let p = |p: &[u8]| {
            if icase {
                p.to_ascii_lowercase()
            } else {
                p.to_vec()
            }
        };
        match self {
            Pat::Str(x) => s == p(x).as_slice(),
            Pat::Beg(x) => s.starts_with(&p(x)),
            Pat::End(x) => s.ends_with(&p(x)),
            Pat::Sub(x) => {
                let x = p(x);
                x.is_empty() || s.windows(x.len()).any(|w| w == x.as_slice())
            }
            Pat::Reg(r) => r.is_match(s),
        }
    }
}

/// `hdr|fhdr name <pat> [value <pat>]`.
#[derive(Clone, Debug)]
pub(crate) struct HdrMatch {
    pub name: Pat,
    pub value: Option<Pat>,
    /// `fhdr`: the whole value; `hdr`: each comma-separated part.
    pub full: bool,
}

impl HdrMatch {
    pub(crate) fn matches(&self, hdrs: &[(Vec<u8>, Vec<u8>)]) -> bool {
        hdrs.iter()
            .filter(|(n, _)| self.name.matches(n, true))
            .any(|(_, v)| match &self.value {
                None => true,
                Some(p) if self.full => p.matches(v, false),
                Some(p) => v
                    .split(|&c| c == b',')
                    .any(|part| p.matches(trim(part), false)),
            })
    }
}

fn trim(s: &[u8]) -> &[u8] {
    let s = match s.iter().position(|c| !matches!(c, b' ' | b'\t')) {
        Some(i) => &s[i..],
        None => return &[],
    };
    let end = s
        .iter()
        .rposition(|c| !matches!(c, b' ' | b'\t'))
        .map_or(0, |i| i + 1);
    &s[..end]
}

/// A parsed response head, with what is known about the body so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Response {
    pub status: u32,
    pub reason: Vec<u8>,
    pub hdrs: Vec<(Vec<u8>, Vec<u8>)>,
    pub body: Vec<u8>,
    /// The whole message was received (haproxy's end of message).
    pub complete: bool,
}

/// What the bytes received so far contain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Parsed {
    /// No complete response head yet.
    Partial,
    /// Not HTTP (haproxy's parsing error).
    Invalid,
    Head(Response),
}

/// One line ending at LF (a CR before it is dropped); `None` if
/// incomplete. Returns the line and the rest.
fn line(buf: &[u8]) -> Option<(&[u8], &[u8])> {
    let lf = buf.iter().position(|&c| c == b'\n')?;
    let l = &buf[..lf];
    Some((l.strip_suffix(b"\r").unwrap_or(l), &buf[lf + 1..]))
}

/// `HTTP/d.d SP ddd [SP reason]`.
fn status_line(l: &[u8]) -> Option<(u32, Vec<u8>)> {
    let v = l.get(..8)?;
    let ok_ver =
        v.starts_with(b"HTTP/") && v[5].is_ascii_digit() && v[6] == b'.' && v[7].is_ascii_digit();
    if !ok_ver || l.get(8) != Some(&b' ') {
        return None;
    }
    let code = l.get(9..12)?;
    if !code.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let status = code.iter().fold(0, |a, &d| a * 10 + u32::from(d - b'0'));
    let reason = match l.get(12) {
        None => Vec::new(),
        Some(b' ') => l[13..].to_vec(),
        Some(_) => return None,
    };
    Some((status, reason))
}

fn is_token(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c)
}

/// Parses the response received so far. `head_req`: the request was a
/// HEAD (the response has no body whatever its headers say).
pub(crate) fn parse(buf: &[u8], eof: bool, head_req: bool) -> Parsed {
    if buf.is_empty() {
        return Parsed::Partial;
    }
    let Some((first, mut rest)) = line(buf) else {
        let n = buf.len().min(5);
        return if !b"HTTP/".starts_with(&buf[..n]) {
            Parsed::Invalid
        } else {
            Parsed::Partial
        };
    };
    let Some((status, reason)) = status_line(first) else {
        return Parsed::Invalid;
    };
    let mut hdrs = Vec::new();
    loop {
        let Some((l, r)) = line(rest) else {
            return Parsed::Partial;
        };
        rest = r;
        if l.is_empty() {
            break;
        }
        let Some(colon) = l.iter().position(|&c| c == b':') else {
            return Parsed::Invalid;
        };
        let name = &l[..colon];
        if name.is_empty() || !name.iter().all(|&c| is_token(c)) {
            return Parsed::Invalid;
        }
        hdrs.push((name.to_ascii_lowercase(), trim(&l[colon + 1..]).to_vec()));
    }
    let (body, complete) = body(
        &hdrs,
        rest,
        eof,
        head_req || status < 200 || status == 204 || status == 304,
    );
    Parsed::Head(Response {
        status,
        reason,
        hdrs,
        body,
        complete,
    })
}

fn header<'a>(hdrs: &'a [(Vec<u8>, Vec<u8>)], name: &[u8]) -> Option<&'a [u8]> {
    hdrs.iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_slice())
}

/// The body received so far and whether it is complete.
fn body(hdrs: &[(Vec<u8>, Vec<u8>)], rest: &[u8], eof: bool, none: bool) -> (Vec<u8>, bool) {
    if none {
        return (Vec::new(), true);
    }
    let chunked = header(hdrs, b"transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().ends_with(b"chunked"));
    if chunked {
        return dechunk(rest, eof);
    }
    if let Some(cl) = header(hdrs, b"content-length") {
        let len = std::str::from_utf8(cl)
            .ok()
            .and_then(|s| s.parse::<usize>().ok());
        if let Some(len) = len {
            let got = &rest[..rest.len().min(len)];
            return (got.to_vec(), got.len() == len || eof);
        }
    }
    (rest.to_vec(), eof)
}

fn dechunk(mut rest: &[u8], eof: bool) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    loop {
        let Some((l, r)) = line(rest) else {
            return (out, eof);
        };
        let hex = l.split(|&c| c == b';').next().unwrap_or(b"");
        let size = std::str::from_utf8(trim(hex))
            .ok()
            .and_then(|s| usize::from_str_radix(s, 16).ok());
        let Some(size) = size else {
            return (out, eof);
        };
        if size == 0 {
            return (out, true);
        }
        let data = &r[..r.len().min(size)];
        out.extend_from_slice(data);
        if data.len() < size {
            return (out, eof);
        }
        rest = r.get(size..).unwrap_or(b"");
        match line(rest) {
            Some((_, r)) => rest = r,
            None => return (out, eof),
        }
    }
}

#[cfg(test)]
#[path = "http_tests.rs"]
mod tests;
