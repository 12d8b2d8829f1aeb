//! `bind` lines (and `stats socket`, which haproxy parses as a bind line):
//! the listening addresses and their options, typed where the runtime uses
//! them, kept as written where they are only validated.

use crate::addr::AddrSpec;
use crate::dump::{field, flag, Dumper};
use syntax::Span;

/// `level` on a CLI socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    User,
    Operator,
    Admin,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::User => "user",
            Level::Operator => "operator",
            Level::Admin => "admin",
        }
    }
}

/// TLS settings of a `bind` line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BindSsl {
    pub enabled: bool,
    /// Certificate files or directories, after `crt-base`.
    pub crt: Vec<String>,
    pub crt_list: Vec<String>,
    pub ca_file: Option<String>,
    pub crl_file: Option<String>,
    pub alpn: Option<String>,
    pub verify: Option<String>,
    pub min_ver: Option<String>,
    pub max_ver: Option<String>,
    pub generate_certificates: bool,
}

/// One `bind` line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bind {
    pub span: Option<Span>,
    /// The address argument as written (haproxy names the bind after it).
    pub text: String,
    pub addrs: Vec<AddrSpec>,
    pub name: Option<String>,
    pub id: Option<i64>,
    pub maxconn: Option<i64>,
    pub backlog: Option<i64>,
    pub ssl: BindSsl,
    pub accept_proxy: bool,
    pub accept_netscaler_cip: Option<i64>,
    pub v4v6: bool,
    pub v6only: bool,
    pub transparent: bool,
    pub defer_accept: bool,
    pub tfo: bool,
    pub interface: Option<String>,
    pub namespace: Option<String>,
    /// Unix socket permissions (octal) and ownership.
    pub mode: Option<u32>,
    pub uid: Option<i64>,
    pub gid: Option<i64>,
    pub level: Option<Level>,
    pub severity_output: Option<String>,
    pub expose_fd_listeners: bool,
    pub proto: Option<String>,
    pub nice: Option<i64>,
    pub mss: Option<String>,
    pub tcp_ut: Option<u32>,
    /// `process` and `thread` sets as given.
    pub process: Option<String>,
    pub thread: Option<String>,
    pub shards: Option<String>,
    /// Options validated but without runtime meaning here (TLS tuning).
    pub other: Vec<String>,
}

impl Bind {
    /// One compact line: `bind :80,:81 ssl crt=/p/c.pem alpn=h2 maxconn=10`.
    pub fn dump(&self, d: &mut Dumper) {
        let addrs: Vec<String> = self.addrs.iter().map(|a| a.to_string()).collect();
        let mut s = format!("bind {}", addrs.join(","));
        field(&mut s, "name", self.name.as_ref());
        field(&mut s, "id", self.id);
        field(&mut s, "maxconn", self.maxconn);
        field(&mut s, "backlog", self.backlog);
        flag(&mut s, "ssl", self.ssl.enabled);
        for c in &self.ssl.crt {
            field(&mut s, "crt", Some(c));
        }
        for c in &self.ssl.crt_list {
            field(&mut s, "crt-list", Some(c));
        }
        field(&mut s, "ca-file", self.ssl.ca_file.as_ref());
        field(&mut s, "alpn", self.ssl.alpn.as_ref());
        field(&mut s, "verify", self.ssl.verify.as_ref());
        flag(&mut s, "accept-proxy", self.accept_proxy);
        flag(&mut s, "v4v6", self.v4v6);
        flag(&mut s, "v6only", self.v6only);
        flag(&mut s, "transparent", self.transparent);
        flag(&mut s, "defer-accept", self.defer_accept);
        flag(&mut s, "tfo", self.tfo);
        field(&mut s, "mode", self.mode.map(|m| format!("{m:o}")));
        field(&mut s, "uid", self.uid);
        field(&mut s, "gid", self.gid);
        field(&mut s, "level", self.level.map(Level::as_str));
        flag(&mut s, "expose-fd-listeners", self.expose_fd_listeners);
        field(&mut s, "proto", self.proto.as_ref());
        field(&mut s, "process", self.process.as_ref());
        field(&mut s, "thread", self.thread.as_ref());
        for o in &self.other {
            s.push(' ');
            s.push_str(o);
        }
        d.line(s);
    }
}
