//! A compiled check program: haproxy's tcpcheck ruleset as plain data.
//! Every check kind (plain connect, `option httpchk`, `tcp-check`, the
//! protocol checks, the agent) becomes a list of connect, send and expect
//! steps that [`crate::Run`] executes.

use crate::status::Status;
use std::net::IpAddr;

/// Which kind of ruleset a program is: it decides haproxy's generic
/// messages (`(tcp-check)`, `TCPCHK did not match ...`, `at step N of
/// tcp-check`), which only plain `tcp-check` rulesets get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    /// `check` without a check option: one implicit connect.
    L4,
    /// `option tcp-check`.
    Tcp,
    /// `option httpchk`.
    Http,
    /// `ssl-hello-chk`, `redis-check`, `smtpchk`, `mysql-check`,
    /// `pgsql-check`, `ldap-check`.
    Proto,
    Agent,
}

/// One rule with haproxy's index (reported as "step index+1").
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    pub index: u32,
    pub comment: Option<String>,
    pub step: Step,
}

#[derive(Clone, Debug)]
pub(crate) enum Step {
    Connect(Connect),
    Send(Send),
    Expect(Expect),
}

/// Where to connect: `None` means the server's own address or port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Connect {
    pub port: Option<u16>,
    pub addr: Option<IpAddr>,
    /// The rule's own `port` (reported as `(connect port N)`).
    pub explicit_port: bool,
    /// Added by haproxy in front of a ruleset without a leading connect
    /// (reported as "initial connection step", and no `(tcp-check)` info
    /// when the check ends on it).
    pub implicit: bool,
}

#[derive(Clone, Debug)]
pub(crate) enum Send {
    Bytes(Vec<u8>),
    /// The `ssl-hello-chk` ClientHello, which embeds the current time.
    SslHello,
    Http(crate::http::Request),
}

/// A text that haproxy builds with a log-format string when an expect
/// succeeds or fails; only the forms its own rulesets use are known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Text {
    Lit(Vec<u8>),
    /// `%[res.payload(off,0)]`, optionally with `,ltrim(' ')` and
    /// `,cut_crlf`.
    Payload {
        off: usize,
        ltrim_space: bool,
        cut_crlf: bool,
    },
}

/// A pattern with its matching rule.
#[derive(Clone, Debug)]
pub(crate) enum Match {
    String(Vec<u8>),
    Regex(regex::bytes::Regex),
    Binary(Vec<u8>),
    /// Matched against the upper-case hex dump of the data.
    RBinary(regex::bytes::Regex),
    Custom(Custom),
    HttpStatus(Vec<(u32, u32)>),
    HttpRStatus(regex::bytes::Regex),
    HttpHeader(crate::http::HdrMatch),
    HttpBody(Vec<u8>),
    HttpRBody(regex::bytes::Regex),
}

/// haproxy's C-coded expect functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Custom {
    MysqlInitHs,
    MysqlOk,
    LdapBindRsp,
    Agent,
}

/// An expect rule.
#[derive(Clone, Debug)]
pub(crate) struct Expect {
    pub m: Match,
    pub inverse: bool,
    /// `-1` when not set: then a mismatch waits for more data.
    pub min_recv: i64,
    pub ok: Option<Status>,
    pub err: Option<Status>,
    pub tout: Option<Status>,
    pub on_success: Option<Text>,
    pub on_error: Option<Text>,
    /// `status-code "int(res.payload(0,3))"` (the SMTP reply code).
    pub code_from_payload: bool,
    /// The first expect of the chain this one belongs to: after waiting
    /// for data, evaluation starts over there.
    pub head: usize,
}

impl Expect {
    pub(crate) fn new(m: Match) -> Expect {
        Expect {
            m,
            inverse: false,
            min_recv: -1,
            ok: None,
            err: None,
            tout: None,
            on_success: None,
            on_error: None,
            code_from_payload: false,
            head: 0,
        }
    }
}

/// A compiled program.
#[derive(Clone, Debug)]
pub(crate) struct Program {
    pub family: Family,
    pub rules: Vec<Rule>,
    /// `http-check disable-on-404`.
    pub disable_on_404: bool,
    /// The agent's configured server weight, and whether the backend's
    /// algorithm is static (for weight replies).
    pub iweight: u32,
    pub static_lb: bool,
}

impl Program {
    pub(crate) fn new(family: Family, rules: Vec<Rule>) -> Program {
        let mut p = Program {
            family,
            rules,
            disable_on_404: false,
            iweight: 1,
            static_lb: false,
        };
        p.link_expect_heads();
        p
    }

    /// Sets each expect's `head` to the first expect of its chain.
    fn link_expect_heads(&mut self) {
        let mut head = None;
        for i in 0..self.rules.len() {
            if let Step::Expect(e) = &mut self.rules[i].step {
                let h = *head.get_or_insert(i);
                e.head = h;
            } else {
                head = None;
            }
        }
    }

    /// Puts an implicit connect in front when the first rule is not one.
    pub(crate) fn with_implicit_connect(
        mut self,
        port: Option<u16>,
        addr: Option<IpAddr>,
    ) -> Program {
        if !matches!(self.rules.first().map(|r| &r.step), Some(Step::Connect(_))) {
            let c = Connect {
                port,
                addr,
                explicit_port: false,
                implicit: true,
            };
            self.rules.insert(
                0,
                Rule {
                    index: 0,
                    comment: None,
                    step: Step::Connect(c),
                },
            );
            self.link_expect_heads();
        }
        self
    }
}

/// The step number haproxy reports for a rule (`tcpcheck_get_step_id`):
/// 0 for the implicit first connect, else index+1.
pub(crate) fn step_id(rule: &Rule) -> u32 {
    match &rule.step {
        Step::Connect(c) if c.implicit && rule.index == 0 => 0,
        _ => rule.index + 1,
    }
}
