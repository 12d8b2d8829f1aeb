//! Evaluating one expect rule against the data received so far
//! (haproxy's `tcpcheck_eval_expect`, `tcpcheck_eval_expect_http` and the
//! custom functions of the MySQL, LDAP and agent checks), and the info
//! texts haproxy builds for the outcome.

use crate::http::{self, Parsed};
use crate::program::{step_id, Custom, Expect, Family, Match, Rule, Text};
use crate::status::Status;

/// What an expect rule decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Eval {
    /// Matched: go on with the next rule.
    Continue,
    /// Not conclusive yet: read more.
    Wait,
    /// The check ends here with this status and info.
    Stop(Status, Vec<u8>),
}

/// The context of one evaluation.
pub(crate) struct Cx<'a> {
    pub family: Family,
    pub rule: &'a Rule,
    pub buf: &'a [u8],
    pub last_read: bool,
    /// Whether another rule follows this one.
    pub has_next: bool,
    /// haproxy's `check->code`, updated by status codes.
    pub code: &'a mut i32,
    /// `http-check disable-on-404` applies (the server is not stopped).
    pub skip_404: bool,
    /// The request was a HEAD (for HTTP response bodies).
    pub head_req: bool,
    /// The agent's reply, once evaluated.
    pub agent: &'a mut Option<crate::agent::AgentReply>,
    pub iweight: u32,
    pub static_lb: bool,
}

/// Renders a built-in log-format text against the received data.
pub(crate) fn render(t: &Text, buf: &[u8]) -> Vec<u8> {
    match t {
        Text::Lit(b) => b.clone(),
        Text::Payload {
            off,
            ltrim_space,
            cut_crlf,
        } => {
            let mut s = buf.get(*off..).unwrap_or(b"");
            if *ltrim_space {
                while let Some((b' ', r)) = s.split_first() {
                    s = r;
                }
            }
            if *cut_crlf {
                let end = s
                    .iter()
                    .position(|&c| c == b'\r' || c == b'\n')
                    .unwrap_or(s.len());
                s = &s[..end];
            }
            s.to_vec()
        }
    }
}

/// `int(res.payload(0,3))`: the value, if the three bytes are a number.
fn payload_code(buf: &[u8]) -> Option<i32> {
    let s = std::str::from_utf8(buf.get(..3)?).ok()?;
    s.parse().ok()
}

/// The upper-case hex dump haproxy matches `rbinary` patterns against.
fn hex_dump(buf: &[u8]) -> Vec<u8> {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    buf.iter()
        .flat_map(|&b| [HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]])
        .collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

fn comment(msg: &mut Vec<u8>, rule: &Rule) {
    if let Some(c) = &rule.comment {
        msg.extend_from_slice(b" comment: ");
        msg.extend_from_slice(c.as_bytes());
    }
}

/// `tcpcheck_expect_onerror_message`: the info of a failed expect.
pub(crate) fn onerror(cx: &mut Cx, e: &Expect, matched: bool, info: Option<&[u8]>) -> Vec<u8> {
    let mut msg = Vec::new();
    if let Some(i) = info.filter(|i| !i.is_empty()) {
        msg.extend_from_slice(i);
    } else if let Some(t) = &e.on_error {
        msg = render(t, cx.buf);
    } else if cx.family == Family::Tcp {
        msg.extend_from_slice(if matched {
            b"TCPCHK matched unwanted content"
        } else {
            b"TCPCHK did not match content"
        });
        let step = step_id(cx.rule);
        match &e.m {
            Match::String(s) | Match::HttpBody(s) => {
                msg.extend_from_slice(b" '");
                msg.extend_from_slice(s);
                msg.extend_from_slice(format!("' at step {step}").as_bytes());
            }
            m => {
                let what = match m {
                    Match::HttpStatus(_) => "(status codes)",
                    Match::Binary(_) => " (binary)",
                    Match::RBinary(_) => " (binary regex)",
                    Match::Custom(_) => " (custom function)",
                    Match::HttpHeader(_) => " (header pattern)",
                    _ => " (regex)",
                };
                msg.extend_from_slice(format!("{what} at step {step}").as_bytes());
            }
        }
    }
    comment(&mut msg, cx.rule);
    status_code(cx, e);
    msg
}

/// `tcpcheck_expect_onsuccess_message`: the info of a passed last expect.
pub(crate) fn onsuccess(cx: &mut Cx, e: &Expect) -> Vec<u8> {
    let msg = if let Some(t) = &e.on_success {
        render(t, cx.buf)
    } else if cx.family == Family::Tcp {
        b"(tcp-check)".to_vec()
    } else {
        Vec::new()
    };
    status_code(cx, e);
    msg
}

fn status_code(cx: &mut Cx, e: &Expect) {
    if e.code_from_payload {
        if let Some(c) = payload_code(cx.buf) {
            *cx.code = c;
        }
    }
}

/// Evaluates an expect rule (the buffer is not empty, or `last_read`).
pub(crate) fn eval(cx: &mut Cx, e: &Expect) -> Eval {
    match &e.m {
        Match::Custom(c) => custom(cx, e, *c),
        Match::HttpStatus(_)
        | Match::HttpRStatus(_)
        | Match::HttpHeader(_)
        | Match::HttpBody(_)
        | Match::HttpRBody(_) => eval_http(cx, e),
        _ => eval_tcp(cx, e),
    }
}

/// `tcpcheck_eval_expect`.
fn eval_tcp(cx: &mut Cx, e: &Expect) -> Eval {
    let buf = cx.buf;
    if !cx.last_read {
        let short = match &e.m {
            Match::String(s) | Match::Binary(s) => buf.len() < s.len(),
            _ => false,
        };
        if short || (e.min_recv > 0 && (buf.len() as i64) < e.min_recv) {
            return Eval::Wait;
        }
    }
    let matched = match &e.m {
        Match::String(s) | Match::Binary(s) => contains(buf, s),
        Match::Regex(r) => r.is_match(buf),
        Match::RBinary(r) => r.is_match(&hex_dump(buf)),
        _ => false,
    };
    if !matched && !cx.last_read && e.min_recv == -1 {
        return Eval::Wait;
    }
    if matched != e.inverse {
        return Eval::Continue;
    }
    let status = e.err.unwrap_or(Status::L7Rsp);
    Eval::Stop(status, onerror(cx, e, matched, None))
}

/// `tcpcheck_eval_expect_http`.
fn eval_http(cx: &mut Cx, e: &Expect) -> Eval {
    let rsp = match http::parse(cx.buf, cx.last_read, cx.head_req) {
        Parsed::Invalid => return Eval::Stop(Status::L7Rsp, onerror(cx, e, false, None)),
        Parsed::Partial if cx.last_read => {
            return Eval::Stop(Status::L7Rsp, onerror(cx, e, false, None))
        }
        Parsed::Partial => return Eval::Wait,
        Parsed::Head(r) => r,
    };
    *cx.code = rsp.status as i32;
    if cx.skip_404 && rsp.status == 404 {
        return Eval::Continue;
    }
    let last_read = cx.last_read || rsp.complete;
    let (matched, status, desc): (bool, Status, Vec<u8>) = match &e.m {
        Match::HttpStatus(codes) => {
            let m = codes
                .iter()
                .any(|&(lo, hi)| (lo..=hi).contains(&rsp.status));
            (m, e.err.unwrap_or(Status::L7Sts), rsp.reason.clone())
        }
        Match::HttpRStatus(r) => {
            let code = rsp.status.to_string();
            (
                r.is_match(code.as_bytes()),
                e.err.unwrap_or(Status::L7Sts),
                rsp.reason.clone(),
            )
        }
        Match::HttpHeader(h) => (
            h.matches(&rsp.hdrs),
            e.err.unwrap_or(Status::L7Sts),
            rsp.reason.clone(),
        ),
        _ => {
            let body = &rsp.body;
            if body.is_empty() {
                if !last_read {
                    return Eval::Wait;
                }
                let st = e.err.unwrap_or(Status::L7Rsp);
                let desc = b"HTTP content check could not find a response body";
                return Eval::Stop(st, onerror(cx, e, false, Some(desc)));
            }
            let short = matches!(&e.m, Match::HttpBody(s) if body.len() < s.len());
            if !last_read && (short || (e.min_recv > 0 && (body.len() as i64) < e.min_recv)) {
                return Eval::Wait;
            }
            let m = match &e.m {
                Match::HttpBody(s) => contains(body, s),
                Match::HttpRBody(r) => r.is_match(body),
                _ => false,
            };
            if !m && !last_read && e.min_recv == -1 {
                return Eval::Wait;
            }
            let desc: &[u8] = if e.inverse {
                b"HTTP check matched unwanted content"
            } else {
                b"HTTP content check did not match"
            };
            (m, e.err.unwrap_or(Status::L7Rsp), desc.to_vec())
        }
    };
    if matched != e.inverse {
        return Eval::Continue;
    }
    let desc = if e.on_error.is_some() {
        None
    } else {
        Some(desc.as_slice())
    };
    Eval::Stop(status, onerror(cx, e, false, desc))
}

/// The C-coded expects.
fn custom(cx: &mut Cx, e: &Expect, c: Custom) -> Eval {
    match c {
        Custom::MysqlInitHs => mysql_packet(cx, e, 0),
        Custom::MysqlOk => {
            let hs = cx.buf.get(..3).map_or(0, le24) + 4;
            mysql_packet(cx, e, hs)
        }
        Custom::LdapBindRsp => ldap(cx, e),
        Custom::Agent => agent(cx),
    }
}

fn le24(b: &[u8]) -> usize {
    usize::from(b[0]) | usize::from(b[1]) << 8 | usize::from(b[2]) << 16
}

/// `tcpcheck_mysql_expect_packet`: a packet at `off`; an error packet
/// (0xff) fails with its code and text; the last rule passes with the
/// server version from the handshake as info.
fn mysql_packet(cx: &mut Cx, e: &Expect, off: usize) -> Eval {
    let buf = cx.buf;
    let truncated = |cx: &mut Cx| {
        if cx.last_read {
            Eval::Stop(Status::L7Rsp, onerror(cx, e, false, None))
        } else {
            Eval::Wait
        }
    };
    let Some(hdr) = buf.get(off..off + 4) else {
        return truncated(cx);
    };
    let plen = le24(hdr);
    if buf.len() < off + plen + 4 {
        return truncated(cx);
    }
    if buf.get(off + 4) == Some(&0xff) {
        let lo = buf.get(off + 5).copied().unwrap_or(0);
        let hi = buf.get(off + 6).copied().unwrap_or(0);
        *cx.code = i32::from(lo) | i32::from(hi) << 8;
        let desc = buf.get(off + 7..).unwrap_or(b"").to_vec();
        return Eval::Stop(Status::L7Sts, onerror(cx, e, false, Some(&desc)));
    }
    if cx.has_next {
        return Eval::Continue;
    }
    let status = e.ok.unwrap_or(Status::L7Ok);
    Eval::Stop(status, buf.get(5..).unwrap_or(b"").to_vec())
}

/// `tcpcheck_ldap_expect_bindrsp`: an LDAPv3 bindResponse to message 1,
/// whose resultCode is the check code.
fn ldap(cx: &mut Cx, e: &Expect) -> Eval {
    let buf = cx.buf;
    let not_ldap = b"Not LDAPv3 protocol";
    let too_short = |cx: &mut Cx| {
        if cx.last_read {
            Eval::Stop(Status::L7Rsp, onerror(cx, e, false, None))
        } else {
            Eval::Wait
        }
    };
    let Some(&len0) = buf.get(1) else {
        return too_short(cx);
    };
    let (nbytes, msglen) = if len0 & 0x80 != 0 {
        let n = usize::from(len0 & 0x7f);
        if buf.len() < 1 + n {
            return too_short(cx);
        }
        let bytes = buf.get(2..2 + n).unwrap_or(b"");
        match (n, bytes.len()) {
            (4, 4) => (
                4,
                u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize,
            ),
            (2, 2) => (2, usize::from(u16::from_be_bytes([bytes[0], bytes[1]]))),
            (2 | 4, _) => return too_short(cx),
            _ => return Eval::Stop(Status::L7Rsp, onerror(cx, e, false, Some(not_ldap))),
        }
    } else {
        (0, usize::from(len0))
    };
    if buf.len() < 2 + nbytes + msglen {
        return too_short(cx);
    }
    let mut p = 2 + nbytes;
    if buf.get(p..p + 4) != Some(b"a") {
        return Eval::Stop(Status::L7Rsp, onerror(cx, e, false, Some(not_ldap)));
    }
    p += 4;
    let skip = buf.get(p).map_or(0, |&b| {
        if b & 0x80 != 0 {
            usize::from(b & 0x7f)
        } else {
            0
        }
    });
    p += 1 + skip;
    if buf.get(p..p + 2)
        != Some(
            b"
",
        )
    {
        return Eval::Stop(Status::L7Rsp, onerror(cx, e, false, Some(not_ldap)));
    }
    let code = buf.get(p + 2).copied().unwrap_or(0);
    *cx.code = i32::from(code);
    if code != 0 {
        let desc = b"See RFC: http://tools.ietf.org/html/rfc4511#section-4.1.9";
        return Eval::Stop(Status::L7Sts, onerror(cx, e, false, Some(desc)));
    }
    Eval::Stop(e.ok.unwrap_or(Status::L7Ok), b"Success".to_vec())
}

/// The agent's reply line. Observed on haproxy 2.6.12: a connection
/// closed before the end of the line gives `L7TOUT` without info.
fn agent(cx: &mut Cx) -> Eval {
    match crate::agent::line_of(cx.buf) {
        Some(line) => {
            let r = crate::agent::evaluate(line, cx.iweight, cx.static_lb);
            let out = Eval::Stop(
                r.status,
                r.info
                    .clone()
                    .map(|s| s.chars().map(|c| c as u32 as u8).collect())
                    .unwrap_or_default(),
            );
            *cx.agent = Some(r);
            out
        }
        None if cx.last_read => Eval::Stop(Status::L7Tout, Vec::new()),
        None => Eval::Wait,
    }
}
