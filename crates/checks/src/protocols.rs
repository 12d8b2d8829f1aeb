//! The rulesets haproxy 2.6 builds for its protocol checks (`option
//! ssl-hello-chk`, `redis-check`, `smtpchk`, `mysql-check`, `pgsql-check`,
//! `ldap-check`) and for agent checks. The request bytes, rule indexes
//! ("step N"), statuses and info texts were observed on haproxy 2.6.12
//! against mock servers; see tests/data/README.md.

use crate::program::{Connect, Custom, Expect, Family, Match, Program, Rule, Send, Step, Text};
use crate::status::Status;

pub(crate) fn regex(p: &str) -> Result<regex::bytes::Regex, String> {
    regex::bytes::RegexBuilder::new(p)
        .unicode(false)
        .build()
        .map_err(|e| format!("regex '{p}': {e}"))
}

fn builtin(p: &str) -> regex::bytes::Regex {
    regex(p).unwrap_or_else(|e| panic!("built-in pattern: {e}"))
}

fn rule(index: u32, step: Step) -> Rule {
    Rule {
        index,
        comment: None,
        step,
    }
}

fn send(index: u32, bytes: &[u8]) -> Rule {
    rule(index, Step::Send(Send::Bytes(bytes.to_vec())))
}

fn expect(index: u32, e: Expect) -> Rule {
    rule(index, Step::Expect(e))
}

/// haproxy's `connect default linger` at index 0.
fn connect0() -> Rule {
    let c = Connect {
        port: None,
        addr: None,
        explicit_port: false,
        implicit: false,
    };
    rule(0, Step::Connect(c))
}

fn payload(off: usize, ltrim_space: bool, cut_crlf: bool) -> Option<Text> {
    Some(Text::Payload {
        off,
        ltrim_space,
        cut_crlf,
    })
}

fn lit(s: &str) -> Option<Text> {
    Some(Text::Lit(s.as_bytes().to_vec()))
}

/// The 126-byte SSLv3 ClientHello of `ssl-hello-chk` (bytes observed on
/// the wire): record header, handshake header, the time, 28 bytes of
/// `HAPROXYSSLCHK\n` twice, no session id, 39 cipher suites, null
/// compression.
pub fn ssl_client_hello(unix_time: u32) -> Vec<u8> {
    let mut b = vec![
        0x16, 0x03, 0x00, 0x00, 0x79, 0x01, 0x00, 0x00, 0x75, 0x03, 0x00,
    ];
    b.extend_from_slice(&unix_time.to_be_bytes());
    b.extend_from_slice(b"HAPROXYSSLCHK\nHAPROXYSSLCHK\n");
    b.extend_from_slice(&[0x00, 0x00, 0x4e]);
    for s in (0x01..=0x1bu8).chain(0x2f..=0x3a) {
        b.extend_from_slice(&[0x00, s]);
    }
    b.extend_from_slice(&[0x01, 0x00]);
    b
}

pub(crate) fn ssl_hello() -> Program {
    let mut e = Expect::new(Match::RBinary(builtin("^1[56]")));
    e.min_recv = 5;
    e.ok = Some(Status::L6Ok);
    e.err = Some(Status::L6Rsp);
    e.tout = Some(Status::L6Tout);
    let rules = vec![rule(0, Step::Send(Send::SslHello)), expect(1, e)];
    Program::new(Family::Proto, rules)
}

pub(crate) fn redis() -> Program {
    let mut e = Expect::new(Match::String(b"+PONG\r\n".to_vec()));
    e.err = Some(Status::L7Sts);
    e.on_error = payload(0, false, true);
    e.on_success = lit("Redis server is ok");
    let rules = vec![send(0, b"*1\r\n$4\r\nPING\r\n"), expect(1, e)];
    Program::new(Family::Proto, rules)
}

/// An SMTP reply expect: `^2[0-9]{2}...` with the reply text as info and
/// the reply code as check code.
fn smtp_reply(pattern: &str, min_recv: i64, success: bool) -> Expect {
    let mut e = Expect::new(Match::Regex(builtin(pattern)));
    e.min_recv = min_recv;
    e.err = Some(Status::L7Sts);
    e.on_error = payload(4, true, true);
    if success {
        e.on_success = payload(4, true, true);
    }
    e.code_from_payload = true;
    e
}

/// `option smtpchk [HELO|EHLO domain]`: banner, greeting, QUIT. A
/// mismatch after the greeting waits for more data (observed: the check
/// ended when the server closed).
pub(crate) fn smtp(hello: &str, domain: &str) -> Program {
    let mut banner = Expect::new(Match::Regex(builtin("^[0-9]{3}[ \r]")));
    banner.min_recv = 4;
    banner.err = Some(Status::L7Rsp);
    banner.on_error = payload(0, false, true);
    let rules = vec![
        connect0(),
        expect(1, banner),
        expect(2, smtp_reply("^2[0-9]{2}[ \r]", 4, false)),
        send(3, format!("{hello} {domain}\r\n").as_bytes()),
        expect(4, smtp_reply("^2[0-9]{2}[- \r]", -1, false)),
        send(5, b"QUIT\r\n"),
        expect(6, smtp_reply("^2[0-9]{2}[- \r]", -1, true)),
    ];
    Program::new(Family::Proto, rules)
}

/// The MySQL client authentication packet for `user`, followed by a
/// COM_QUIT packet: the 4.1 form (haproxy's default, also used when no
/// `post-41`/`pre-41` keyword is given) or the pre-4.1 one.
pub fn mysql_auth_packet(user: &str, post41: bool) -> Vec<u8> {
    let u = user.as_bytes();
    let len = u.len() + if post41 { 7 + 27 } else { 7 };
    let mut b = vec![len as u8, (len >> 8) as u8, (len >> 16) as u8, 1];
    if post41 {
        b.extend_from_slice(&[0x00, 0x82, 0x00, 0x00, 0x00, 0x80, 0x00, 0x01, 0x21]);
        b.extend_from_slice(&[0; 23]);
    } else {
        b.extend_from_slice(&[0x00, 0x80, 0x00, 0x00, 0x01]);
    }
    b.extend_from_slice(u);
    b.extend_from_slice(&[0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01]);
    b
}

/// `option mysql-check [user U [post-41|pre-41]]`: without a user, only
/// the server's handshake is read; with one, an authentication packet is
/// sent right after connecting and the reply must not be an error.
pub(crate) fn mysql(user: Option<(&str, bool)>) -> Program {
    let mut rules = vec![connect0()];
    if let Some((u, post41)) = user {
        rules.push(send(1, &mysql_auth_packet(u, post41)));
    }
    rules.push(expect(2, Expect::new(Match::Custom(Custom::MysqlInitHs))));
    if user.is_some() {
        rules.push(expect(3, Expect::new(Match::Custom(Custom::MysqlOk))));
    }
    Program::new(Family::Proto, rules)
}

/// The PostgreSQL StartupMessage (protocol 3.0) for `user`.
pub fn pgsql_startup_packet(user: &str) -> Vec<u8> {
    let len = 15 + user.len() as u32;
    let mut b = len.to_be_bytes().to_vec();
    b.extend_from_slice(&[0x00, 0x03, 0x00, 0x00]);
    b.extend_from_slice(b"user\0");
    b.extend_from_slice(user.as_bytes());
    b.extend_from_slice(&[0, 0]);
    b
}

/// `option pgsql-check user U`: an `E` reply fails with its text; an
/// authentication request of a known type passes.
pub(crate) fn pgsql(user: &str) -> Program {
    let mut err = Expect::new(Match::Regex(builtin("^E")));
    err.inverse = true;
    err.min_recv = 5;
    err.err = Some(Status::L7Rsp);
    err.on_error = payload(6, false, false);
    let auth = "^52000000[A-Z0-9]{2}000000(00|02|03|04|05|06|07|09|0A)";
    let mut ok = Expect::new(Match::RBinary(builtin(auth)));
    ok.min_recv = 9;
    ok.ok = Some(Status::L7Ok);
    ok.err = Some(Status::L7Sts);
    ok.on_success = lit("PostgreSQL server is ok");
    ok.on_error = lit("PostgreSQL unknown error");
    let rules = vec![
        connect0(),
        send(1, &pgsql_startup_packet(user)),
        expect(2, err),
        expect(3, ok),
    ];
    Program::new(Family::Proto, rules)
}

/// The anonymous LDAPv3 simple bind request of `ldap-check`.
pub const LDAP_BIND: &[u8] = b"\x30\x0c\x02\x01\x01\x60\x07\x02\x01\x03\x04\x00\x80\x00";

pub(crate) fn ldap() -> Program {
    let mut ber = Expect::new(Match::RBinary(builtin("^30")));
    ber.min_recv = 14;
    ber.on_error = lit("Not LDAPv3 protocol");
    let rules = vec![
        send(0, LDAP_BIND),
        expect(1, ber),
        expect(2, Expect::new(Match::Custom(Custom::LdapBindRsp))),
    ];
    Program::new(Family::Proto, rules)
}

/// The agent check: `agent-send` verbatim, then one reply line.
pub(crate) fn agent(send_text: Option<&[u8]>) -> Program {
    let mut rules = Vec::new();
    if let Some(s) = send_text.filter(|s| !s.is_empty()) {
        rules.push(send(0, s));
    }
    rules.push(expect(1, Expect::new(Match::Custom(Custom::Agent))));
    Program::new(Family::Agent, rules)
}
